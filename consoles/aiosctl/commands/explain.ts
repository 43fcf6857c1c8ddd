// aiosctl verbs for provenance; registered in ../tree.ts: `explain <incident|#seq|decision>` (why
// the system did what it did), `decisions` (per-type tier shares, escalation and override rates) and
// `shadow <model>` (replays recorded decisions through a model, acting on nothing). explain and
// decisions ask the agent host and read its database themselves when it is down.
import { defineCommand, type CommandDef } from "citty";
import { hostRequest } from "../../../agents/host/client.ts";
import { explain, parseRef } from "../../../agents/provenance/explain.ts";
import { runShadow } from "../../../agents/provenance/shadow-run.ts";
import { withSourcesReadonly } from "../../../agents/provenance/sources.ts";
import { decisionStats, type DecisionStats } from "../../../agents/provenance/stats.ts";
import type { Explanation } from "../../../agents/provenance/types.ts";
import { SystemError, UserError } from "../../../runtime/errors.ts";
import { renderDecisionStats, renderShadow } from "../../render/decisions.ts";
import { renderExplanation } from "../../render/explain.ts";
import { act, EXIT } from "../fail.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const print = (v: unknown, asJson: boolean | undefined, human: () => string) => console.log(asJson ? JSON.stringify(v, null, 2) : human());

/** The host's answer, or the same read made here when the host cannot be reached. */
async function viaHost<T>(path: string, local: () => T): Promise<T> {
  try { return await hostRequest<T>("GET", path); } catch (err) { if (err instanceof SystemError) return local(); throw err; }
}

/** "24h", "7d", "90m", "300s" ago, or an ISO date; epoch ms. */
export function parseSinceArg(v: string | undefined, now = Date.now()): number {
  if (v === undefined) return 0;
  const m = /^(\d+)([smhd])$/.exec(v);
  if (m) return now - Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2] as "s"];
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new UserError(`--since must be an ISO date or a span like 24h or 7d, not "${v}"`);
  return t;
}

const explainCmd = defineCommand({
  meta: { name: "explain", description: "why: an incident's (or a decision's) finding, tiers, models, tool calls, approvers and outcome" },
  args: { ref: { type: "positional", required: true, description: "incident number, audit entry (#812) or decision id" }, json },
  run: act(async (a: { ref: string; json?: boolean }) => {
    parseRef(a.ref);
    const e = await viaHost<Explanation>(`/v1/explain/${encodeURIComponent(a.ref)}`, () => withSourcesReadonly((s) => explain(a.ref, s)));
    print(e, a.json, () => renderExplanation(e));
  }),
});

const decisions = defineCommand({
  meta: { name: "decisions", description: "per decision type: tier shares, escalation, unanswered and human-override rates" },
  args: { since: { type: "string", description: "only decisions after this (ISO date, or 24h, 7d ago)" }, json },
  run: act(async (a: { since?: string; json?: boolean }) => {
    const since = parseSinceArg(a.since);
    const s = await viaHost<DecisionStats>(`/v1/decisions/stats?since=${since}`, () => withSourcesReadonly((src) => decisionStats(src, since)));
    print(s, a.json, () => renderDecisionStats(s));
  }),
});

const shadowCmd = defineCommand({
  meta: { name: "shadow", description: "replay recorded decisions through a model (never acting) and report how often it agrees" },
  args: {
    model: { type: "positional", required: true, description: "model id as `aiosctl models` lists it (or rules)" },
    limit: { type: "string", default: "20", description: "how many decisions to replay, newest first" },
    type: { type: "string", description: "only this decision type" },
    since: { type: "string", description: "only decisions after this (ISO date, or 24h, 7d ago)" },
    json,
  },
  run: act(async (a: { model: string; limit: string; type?: string; since?: string; json?: boolean }) => {
    const limit = Number(a.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UserError(`--limit must be a positive integer, not "${a.limit}"`);
    const r = await runShadow({ model: a.model, limit, type: a.type, since: parseSinceArg(a.since) });
    print(r, a.json, () => renderShadow(r));
    return r.replayed ? EXIT.ok : EXIT.failure;
  }),
});

export const provenanceCommands: Record<string, CommandDef<any>> = { explain: explainCmd, decisions, shadow: shadowCmd };
