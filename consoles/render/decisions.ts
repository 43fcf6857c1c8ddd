// Decision rates and shadow replays as tables, for aiosctl and the serial console: per decision type,
// which tier answered, how often a higher tier had to be asked, how often nobody could answer, how often
// a person overrode the action; and how often a shadow model agreed with what was decided.
import type { ShadowCounts, ShadowReport } from "../../agents/provenance/shadow.ts";
import type { DecisionStats, TypeStats } from "../../agents/provenance/stats.ts";
import { TIERS } from "../../runtime/models/model.ts";
import { table } from "./status.ts";

const pct = (r: number | null | undefined) => (r === null || r === undefined ? "-" : `${Math.round(r * 100)}%`);
const share = (n: number, of: number) => (of ? `${n} (${Math.round((n / of) * 100)}%)` : "-");

export function renderDecisionStats(s: DecisionStats): string {
  if (!s.types.length) return ["no decisions recorded yet", ...s.gaps.map((g) => `note: ${g}`)].join("\n");
  const tiers = TIERS.filter((t) => s.total.byTier[t]);
  const row = (t: TypeStats) => [
    t.type, String(t.decisions), ...tiers.map((tier) => share(t.byTier[tier] ?? 0, t.decisions)),
    `${t.escalated} (${pct(t.escalationRate)})`, `${t.unanswered} (${pct(t.unansweredRate)})`,
    t.proposed === undefined ? "-" : String(t.proposed),
    !t.proposed ? "-" : `${t.overridden} (${pct(t.overrideRate)})`,
  ];
  const rows = [["TYPE", "DECISIONS", ...tiers.map((t) => t.toUpperCase()), "ESCALATED", "UNANSWERED", "PROPOSED", "OVERRIDDEN"], ...s.types.map(row), row(s.total)];
  return [
    `decisions${s.since ? ` since ${new Date(s.since).toISOString()}` : ""}: tier shares of each type's decisions; escalated = a higher tier had to be asked;`,
    "overridden = a person rejected the proposed action or restored the snapshot taken before it",
    table(rows),
    ...s.gaps.map((g) => `note: ${g}`),
  ].join("\n");
}

export function renderShadow(r: ShadowReport): string {
  const row = (type: string, c: ShadowCounts) => [type, String(c.replayed), String(c.agree), String(c.disagree), String(c.noAnswer), String(c.notComparable), pct(c.agreement)];
  const model = `${r.model.id} (${r.model.tier}${r.model.sha256 ? `, sha256 ${r.model.sha256.slice(0, 12)}` : ""})`;
  const lines = [
    `shadow ${model}: ${r.replayed} decisions replayed, agreement ${pct(r.agreement)}${r.costUsd ? `, cost $${r.costUsd.toFixed(4)}` : ""}`,
  ];
  if (r.replayed) {
    lines.push(table([["TYPE", "REPLAYED", "AGREE", "DISAGREE", "NO ANSWER", "NOT COMPARABLE", "AGREEMENT"], ...Object.entries(r.byType).sort().map(([t, c]) => row(t, c))]));
  }
  if (r.disagreements.length) {
    lines.push("disagreements:", ...r.disagreements.map((d) => `  ${d.decision} ${d.type}: decided ${d.decided} (${d.decidedBy}); ${r.model.id} ${d.verdict === "no answer" ? `gave no answer${d.why ? ` (${d.why})` : ""}` : `said ${d.shadow}`}`));
  }
  if (r.skipped.noRequest || r.skipped.sameModel) lines.push(`skipped: ${r.skipped.noRequest} without a stored request, ${r.skipped.sameModel} made by this model itself`);
  lines.push("nothing was executed: a shadow replay only asks");
  return lines.join("\n");
}
