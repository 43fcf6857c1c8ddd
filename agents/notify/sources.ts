// What needs a person, read from where it is kept: pending approvals (the policy's queue in the state
// database) and incidents the agents escalated or gave up on (the agents' database). Polling the current
// state, not a stream: something that stopped needing a person while the notifier was down is not news,
// and something that still does is found on the first look after a restart.
import type { Database } from "bun:sqlite";
import { describeEffect, type Effect } from "../../runtime/policy/effects.ts";
import { atLeast, type NotifyEvent, type Severity } from "../../runtime/notify/message.ts";

/** Incidents in these states need a person: the agent escalated it, or its fix did not hold. */
export const NEEDS_PERSON = ["escalated", "failed"] as const;
/** Incidents older than this are not sent (a notifier configured today does not page about last month). */
export const INCIDENT_WINDOW_MS = 7 * 86_400_000;

const tableExists = (db: Database, name: string) => db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== null;
const parse = <T>(text: string, fallback: T): T => { try { return JSON.parse(text) as T; } catch { return fallback; } };
const whyText = (why: unknown) => (typeof why === "string" ? why : why && typeof why === "object" && "reason" in why ? String((why as { reason: unknown }).reason) : why ? JSON.stringify(why) : "");

interface ApprovalRow { id: string; created_at: number; expires_at: number; agent: string; tool: string; input: string; why: string; effects: string; risk: string }

export function pendingApprovals(stateDb: Database, consoleUrl: string, now = Date.now()): NotifyEvent[] {
  if (!tableExists(stateDb, "approvals")) return [];
  return stateDb.query<ApprovalRow, [number]>("SELECT id, created_at, expires_at, agent, tool, input, why, effects, risk FROM approvals WHERE status = 'pending' AND expires_at > ? ORDER BY created_at")
    .all(now).map((a) => {
      const effects = parse<Effect[]>(a.effects, []);
      const why = whyText(parse<unknown>(a.why, null));
      return {
        key: `approval:${a.id}`, type: "approval", severity: a.risk === "high" ? "critical" : "warning",
        title: `approval needed: ${a.agent} wants to run ${a.tool} (${a.id})`,
        details: [...(why ? [`why: ${why.slice(0, 300)}`] : []), ...effects.slice(0, 8).map((e) => `would ${describeEffect(e)}`),
          `risk: ${a.risk}; expires ${new Date(a.expires_at).toISOString()}`, `approve or reject: aiosctl approve|reject ${a.id}, or the web console`],
        link: `${consoleUrl}/approvals#${encodeURIComponent(a.id)}`, at: a.created_at,
        data: { approval: a.id, agent: a.agent, tool: a.tool, input: parse<unknown>(a.input, null), risk: a.risk, expiresAt: a.expires_at },
      };
    });
}

interface IncidentRow { id: number; kind: string; agent: string; severity: Severity; summary: string; state: string; updated_at: number; note: string | null; evidence: string }

export function incidentsNeedingPerson(agentsDb: Database, consoleUrl: string, minSeverity: Severity, now = Date.now()): NotifyEvent[] {
  if (!tableExists(agentsDb, "incidents")) return [];
  return agentsDb.query<IncidentRow, [number]>(`SELECT id, kind, agent, severity, summary, state, updated_at, note, evidence FROM incidents
      WHERE state IN (${NEEDS_PERSON.map((s) => `'${s}'`).join(",")}) AND updated_at > ? ORDER BY updated_at, id`).all(now - INCIDENT_WINDOW_MS)
    .filter((i) => atLeast(i.severity, minSeverity))
    .map((i) => ({
      key: `incident:${i.id}:${i.state}`, type: "incident", severity: i.severity,
      title: `incident #${i.id} ${i.state === "failed" ? "not fixed" : "needs a person"}: ${i.summary}`,
      details: [`agent: ${i.agent}; kind: ${i.kind}; severity: ${i.severity}; state: ${i.state}`, ...(i.note ? [`why: ${i.note}`] : []),
        ...parse<string[]>(i.evidence, []).slice(0, 5).map((e) => `evidence: ${String(e).slice(0, 200)}`), `details: aiosctl incident ${i.id}`],
      link: `${consoleUrl}/agents#incident-${i.id}`, at: i.updated_at,
      data: { incident: i.id, kind: i.kind, agent: i.agent, state: i.state },
    }));
}
