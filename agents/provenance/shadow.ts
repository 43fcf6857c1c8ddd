// Shadow replay: recorded decisions asked again of one model, to measure how often it agrees with what
// was decided before it is trusted with a tier. It only asks: nothing here can reach the executor or
// the tools, nothing is recorded in the decision log, and the response cache is not used.
import { NotFoundError } from "../../runtime/errors.ts";
import type { DecisionLog, LoggedDecision } from "../../runtime/models/hierarchy/decision-log.ts";
import { Intelligence, staticRegistry } from "../../runtime/models/hierarchy/intelligence.ts";
import type { Model } from "../../runtime/models/model.ts";
import { compareOutputs, outputSummary, type Verdict } from "./compare.ts";

export interface ShadowOptions {
  /** A model id as `aiosctl models` lists it (a local GGUF id, a remote model, or "rules"). */
  model: string;
  limit?: number;
  type?: string;
  since?: number;
  /** How many disagreements to list. */
  show?: number;
}

export interface ShadowCounts { replayed: number; agree: number; disagree: number; noAnswer: number; notComparable: number; agreement: number | null }

export interface ShadowReport extends ShadowCounts {
  model: { id: string; tier: string; provider: string; sha256?: string };
  byType: Record<string, ShadowCounts>;
  disagreements: { decision: string; type: string; at: number; verdict: Verdict; decided: string; decidedBy: string; shadow: string; why?: string }[];
  skipped: { noRequest: number; sameModel: number };
  costUsd: number;
  latencyMs: number;
}

const zero = (): ShadowCounts => ({ replayed: 0, agree: 0, disagree: 0, noAnswer: 0, notComparable: 0, agreement: null });
const KEY: Record<Verdict, keyof Omit<ShadowCounts, "replayed" | "agreement">> = { agree: "agree", disagree: "disagree", "no answer": "noAnswer", "not comparable": "notComparable" };

export function findModel(models: Model[], id: string): Model {
  const m = models.find((x) => x.identity.id === id || `${x.identity.provider}/${x.identity.id}` === id);
  if (!m) throw new NotFoundError(`no model "${id}"`, `known: ${models.map((x) => x.identity.id).join(", ") || "none (is the model runtime running?)"}`);
  return m;
}

export async function shadow(log: DecisionLog, models: Model[], o: ShadowOptions): Promise<ShadowReport> {
  const target = findModel(models, o.model);
  const { id, tier, provider, sha256 } = target.identity;
  // Only this model answers: one tier, no re-ask elsewhere, no cache, low confidence still an answer.
  const intel = new Intelligence({ registry: staticRegistry([target]), policies: { "*": { lowest: tier, highest: tier, cacheTtlMs: 0, escalateOn: { lowConfidence: undefined } } } });
  const report: ShadowReport = { model: { id, tier, provider, sha256 }, ...zero(), byType: {}, disagreements: [], skipped: { noRequest: 0, sameModel: 0 }, costUsd: 0, latencyMs: 0 };
  const limit = o.limit ?? 20;
  const candidates = log.list({ type: o.type, since: o.since, limit: Math.max(limit * 5, 200) });
  for (const c of candidates) {
    if (report.replayed >= limit) break;
    if (!c.request) { report.skipped.noRequest += 1; continue; }
    if (madeBy(c, target)) { report.skipped.sameModel += 1; continue; }
    const tally = (verdict: Verdict) => { for (const n of [report, (report.byType[c.decision.type] ??= zero())]) { n.replayed += 1; n[KEY[verdict]] += 1; } };
    // Text, and what nobody decided, cannot be compared: the model is not asked (it would only cost).
    if (compareOutputs(c.decision.output, undefined).verdict === "not comparable") { tally("not comparable"); continue; }
    const d = await intel.ask({ ...c.request, agent: "shadow" });
    const { verdict, why } = compareOutputs(c.decision.output, d.outcome === "answered" ? d.output : { kind: "unknown", reason: d.degraded ?? "no answer" });
    tally(verdict);
    report.costUsd += d.totalCostUsd;
    report.latencyMs += d.latencyMs;
    if ((verdict === "disagree" || verdict === "no answer") && report.disagreements.length < (o.show ?? 5)) {
      report.disagreements.push({
        decision: c.decision.id, type: c.decision.type, at: c.at, verdict, decided: outputSummary(c.decision.output),
        decidedBy: `${c.decision.tier ?? "-"} ${c.decision.modelId ?? ""}`.trim(), shadow: outputSummary(d.outcome === "answered" ? d.output : undefined), why,
      });
    }
  }
  for (const counts of [report, ...Object.values(report.byType)]) {
    const compared = counts.agree + counts.disagree + counts.noAnswer;
    counts.agreement = compared ? Math.round((counts.agree / compared) * 1000) / 1000 : null;
  }
  return report;
}

/** A decision the target itself made is no test of it (rules answer as rules/<type>/<rule>). */
function madeBy(c: LoggedDecision, m: Model): boolean {
  const by = c.decision.modelId;
  return !!by && (by === m.identity.id || by.startsWith(`${m.identity.id}/`));
}
