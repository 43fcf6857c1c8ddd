// "Why?" for an incident or a decision: the finding and its evidence, each decision (tier, model and
// sha256, prompt hash, attempts and why each escalated, cache hit, cost, latency, confidence, reason),
// the tool calls it caused with their audit seqs and outcomes, who approved or rejected them, the
// verification and the final state. Reads the incident store, the decision log and the audit chain.
import { NotFoundError, UserError } from "../../runtime/errors.ts";
import type { DecisionLog } from "../../runtime/models/hierarchy/decision-log.ts";
import type { Choice } from "../loop/types.ts";
import type { DecisionRecord, Incident, IncidentStore } from "../incidents/store.ts";
import { actionsFromAudit, actionsFromIncident } from "./actions.ts";
import type { AuditQuery, Entry } from "./audit-query.ts";
import type { DecisionView, Explanation, IncidentView } from "./types.ts";

export interface ProvenanceSources {
  incidents: IncidentStore;
  decisions?: DecisionLog;
  /** The audit chain; absent when it cannot be read here (then `auditGap` says why). */
  audit?: AuditQuery;
  auditGap?: string;
}

export type Ref = { incident: number } | { seq: number } | { decision: string };

const EVIDENCE_LINES = 10;
const EVIDENCE_CHARS = 200;

/** `42` or `incident:42` is an incident, `#812` or `seq:812` an audit entry, anything like `m1abc-2` a decision id. */
export function parseRef(ref: string): Ref {
  const r = ref.trim();
  let m = /^(?:incident:)?(\d+)$/.exec(r);
  if (m) return { incident: Number(m[1]) };
  m = /^(?:#|seq:|@)(\d+)$/.exec(r);
  if (m) return { seq: Number(m[1]) };
  if (/^[0-9a-z]+-[0-9a-z]+$/.test(r)) return { decision: r };
  throw new UserError(`"${ref}" is neither an incident, an audit seq nor a decision id`, "use an incident number (42), an audit entry (#812) or a decision id (m1x2y3z-4): `aiosctl incidents` lists them");
}

type DecisionData = Partial<Omit<DecisionView, "attempts" | "actions">> & { decision?: string; incident?: number; model?: string; choice?: Choice; attempts?: string[]; escalated?: string[] };

export function explain(ref: string, s: ProvenanceSources): Explanation {
  const r = parseRef(ref);
  const gaps = s.audit ? [] : [`no audit chain: ${s.auditGap ?? "not readable here"}`];
  if ("incident" in r) {
    const inc = s.incidents.get(r.incident);
    if (!inc) throw new NotFoundError(`no incident ${r.incident}`, "aiosctl incidents lists them");
    const decisions = inc.decisions.map((d) => decisionView(s, d.decisionId, d.auditSeq, inc, d, gaps));
    return { ref, incident: incidentView(inc), decisions, final: finalOf(inc), gaps };
  }
  let id: string;
  if ("seq" in r) {
    if (!s.audit) throw new UserError(`cannot read audit entry #${r.seq}: ${s.auditGap ?? "no audit chain here"}`, "explain the incident or the decision id instead");
    const e = s.audit.entry(r.seq);
    if (!e) throw new NotFoundError(`no audit entry #${r.seq}`, "aiosctl audit tail lists them");
    const dec = decisionEntryFor(s.audit, e);
    if (!dec) throw new NotFoundError(`audit entry #${r.seq} is a ${e.kind}, neither a decision nor something a decision caused`);
    id = String((dec.data as DecisionData).decision);
  } else id = r.decision;
  const entry = s.audit?.decision(id);
  const incId = (entry?.data as DecisionData | undefined)?.incident;
  const inc = typeof incId === "number" ? s.incidents.get(incId) : undefined;
  if (!entry && !s.decisions?.get(id)) throw new NotFoundError(`no decision ${id}`, "ids are in `aiosctl incident <n>` and `aiosctl decisions --json`");
  const view = decisionView(s, id, entry?.seq, inc, inc?.decisions.find((d) => d.decisionId === id), gaps);
  return { ref, incident: inc && incidentView(inc), decisions: [view], final: inc ? finalOf(inc) : decisionFinal(view), gaps };
}

/** The decision entry behind an entry: itself, or the decision its `why` or `decision.acted` names. */
function decisionEntryFor(audit: AuditQuery, e: Entry): Entry | undefined {
  if (e.kind === "decision") return e;
  const d = (e.data ?? {}) as { why?: { decisionSeq?: number }; decisionSeq?: number };
  const seq = d.why?.decisionSeq ?? d.decisionSeq;
  const dec = typeof seq === "number" ? audit.entry(seq) : undefined;
  return dec?.kind === "decision" ? dec : undefined;
}

function decisionView(s: ProvenanceSources, id: string, seq: number | undefined, inc: Incident | undefined, rec: DecisionRecord | undefined, gaps: string[]): DecisionView {
  const logged = s.decisions?.get(id);
  const entry = seq !== undefined ? s.audit?.entry(seq) : s.audit?.decision(id);
  const data = (entry?.data ?? {}) as DecisionData;
  if (!logged) gaps.push(`decision ${id} is not in the decision log (made elsewhere, or the log was cleared)`);
  const d = logged?.decision;
  const attempts: DecisionView["attempts"] = d ? d.attempts.map((a) => ({
    tier: a.tier, model: a.modelId, modelSha256: a.modelSha256, outcome: a.outcome, reason: a.reason, escalated: a.escalated,
    cacheHit: a.cacheHit, costUsd: a.costUsd, latencyMs: a.latencyMs, confidence: a.confidence,
  })) : (data.attempts ?? []).map((t) => ({ tier: t.split(":")[0]!, model: "-", outcome: t.split(":")[1] ?? "?", cacheHit: false, costUsd: 0, latencyMs: 0 }));
  const chosen = attempts.findLast((a) => a.outcome === "answered" || a.outcome === "low-confidence");
  const ts = entry?.ts ?? logged?.at ?? rec?.ts ?? 0;
  return {
    id, seq: entry?.seq ?? rec?.auditSeq, ts, type: d?.type ?? String(data.type ?? entry?.subject ?? inc?.kind ?? "?"), agent: d?.agent ?? entry?.actor.replace(/^agent:/, "") ?? inc?.owner ?? "?",
    outcome: d?.outcome ?? (data.choice ? "answered" : "unknown"), tier: d?.tier ?? data.tier ?? rec?.tier, model: d?.modelId ?? data.model ?? rec?.model,
    modelSha256: data.modelSha256 ?? chosen?.modelSha256, promptHash: data.promptHash ?? rec?.promptHash ?? d?.attempts[0]?.promptHash,
    cacheHit: data.cacheHit ?? rec?.cacheHit ?? attempts.some((a) => a.cacheHit), costUsd: d?.totalCostUsd ?? data.costUsd, latencyMs: d?.latencyMs ?? data.latencyMs,
    confidence: d?.confidence ?? data.confidence, degraded: d?.degraded ?? data.degraded ?? rec?.degraded,
    action: data.choice?.action ?? (rec && rec.action !== "-" ? rec.action : undefined), params: data.choice?.params ?? rec?.params,
    reason: data.choice?.reason ?? rec?.reason, problem: (data as { problem?: string }).problem,
    attempts,
    actions: s.audit && entry ? actionsFromAudit(s.audit, entry.seq) : inc ? actionsFromIncident(inc, rec?.ts ?? ts) : [],
    replayable: !!logged?.request,
  };
}

export function clipLine(line: string, max = EVIDENCE_CHARS): string {
  const t = line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?");
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

function incidentView(i: Incident): IncidentView {
  const evidence = i.evidence.slice(0, EVIDENCE_LINES).map((l) => clipLine(l));
  if (i.evidence.length > EVIDENCE_LINES) evidence.push(`… ${i.evidence.length - EVIDENCE_LINES} more lines`);
  return {
    id: i.id, kind: i.kind, key: i.key, agent: i.agent, owner: i.owner, severity: i.severity, summary: clipLine(i.summary), state: i.state, note: i.note,
    openedAt: i.openedAt, closedAt: i.closedAt, evidence, verification: i.verification,
  };
}

const finalOf = (i: Incident) => `${i.state}${i.note ? `: ${i.note}` : ""}`;

function decisionFinal(d: DecisionView): string {
  if (!d.action) return `no decision: ${d.problem ?? d.degraded ?? "no tier answered"}`;
  const last = d.actions.at(-1);
  return `decided ${d.action}${last ? `; ${last.tool} ${last.status}` : ""}`;
}
