// "Why?" as text, the same in aiosctl and the serial console: the finding and its evidence, each
// decision with its tier, model, prompt hash, attempts (and why each escalated), cost and confidence,
// the tool calls with their audit seqs and outcomes, who approved, the verification, the final state.
import type { ActionView, AttemptView, DecisionView, Explanation } from "../../agents/provenance/types.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const short = (h?: string) => (h ? h.slice(0, 16) : "-");
const ms = (n?: number) => (n === undefined ? "-" : n < 10 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`);
const usd = (n?: number) => (n === undefined ? "-" : `$${n.toFixed(4)}`);
const json = (v: unknown) => {
  const t = JSON.stringify(v ?? {});
  return t.length > 120 ? `${t.slice(0, 117)}...` : t;
};

function attempt(a: AttemptView, i: number): string {
  const model = a.model === "-" ? "(no model)" : `${a.model}${a.modelSha256 ? ` (sha256 ${a.modelSha256.slice(0, 12)})` : ""}`;
  const extra = [a.cacheHit ? "cache hit" : undefined, a.latencyMs ? ms(a.latencyMs) : undefined, a.costUsd ? usd(a.costUsd) : undefined, a.confidence !== undefined ? `confidence ${a.confidence}` : undefined].filter(Boolean);
  return `    ${i + 1}. ${a.tier} ${model}: ${a.outcome}${a.reason ? ` (${a.reason})` : ""}${extra.length ? `, ${extra.join(", ")}` : ""}${a.escalated ? `\n       → asked the next tier: ${a.escalated}` : ""}`;
}

function action(a: ActionView): string {
  const seqs = [a.seq, a.laterSeq].filter((s) => s !== undefined).map((s) => `#${s}`).join(", ");
  const steps: string[] = [];
  if (a.approval) {
    steps.push("asked for approval");
    const ap = a.approval;
    if (ap.status === "pending") steps.push(`pending (${ap.id})`);
    // An approved call that then ran is "executed" (or "failed"): the person's verb was approve.
    else if (ap.by) steps.push(`${["executed", "failed", "running"].includes(ap.status) ? "approved" : ap.status} by ${ap.by}${ap.seq ? ` (#${ap.seq})` : ""}${ap.note ? `: "${ap.note}"` : ""}`);
    else steps.push(`${ap.status} (${ap.id})`);
  }
  if (!a.approval || !["pending", "rejected", "expired"].includes(a.status)) steps.push(a.status);
  const why = a.blame ? ` (${a.blame}): ${a.reason ?? ""}` : a.reason ? `: ${a.reason}` : "";
  const undone = a.undone ? `\n      undone by ${a.undone.by} (#${a.undone.seq})${a.undone.reason ? `: ${a.undone.reason}` : ""}` : "";
  const effects = a.effects?.length ? `\n      effects: ${a.effects.join("; ")}` : "";
  return `    ${a.tool}  ${steps.join(" → ")}${why}${seqs ? `  audit ${seqs}` : ""}${effects}${undone}`;
}

export function renderDecision(d: DecisionView): string[] {
  const chose = d.action ? `chose ${d.action} ${json(d.params)}${d.reason ? `: ${d.reason}` : ""}` : `no usable decision: ${d.problem ?? d.degraded ?? "no tier answered"}`;
  const by = d.tier ? `answered by ${d.tier} ${d.model ?? ""}${d.modelSha256 ? ` (sha256 ${d.modelSha256.slice(0, 12)})` : ""}` : "no tier answered";
  return [
    `decision ${d.id}${d.seq ? ` (audit #${d.seq})` : ""}: ${d.type} for ${d.agent}, ${iso(d.ts)}`,
    `  ${chose}`,
    `  ${by}; confidence ${d.confidence ?? "-"}; prompt ${short(d.promptHash)}; ${d.cacheHit ? "cache hit" : "no cache hit"}; cost ${usd(d.costUsd)}; ${ms(d.latencyMs)}`,
    ...(d.degraded && d.action ? [`  degraded: ${d.degraded}`] : []),
    "  attempts:", ...(d.attempts.length ? d.attempts.map(attempt) : ["    (not recorded)"]),
    "  actions:", ...(d.actions.length ? d.actions.map(action) : ["    none"]),
    ...(d.replayable ? [] : ["  (request not stored: cannot be replayed by aiosctl shadow)"]),
  ];
}

export function renderExplanation(e: Explanation): string {
  const i = e.incident;
  const head = i ? [
    `incident ${i.id}: ${i.summary}`,
    `  ${i.kind}  key ${i.key}  ${i.severity}; found by ${i.agent}, owned by ${i.owner}`,
    `  opened ${iso(i.openedAt)}${i.closedAt ? `, closed ${iso(i.closedAt)}` : ""}`,
    "evidence:", ...(i.evidence.length ? i.evidence.map((l) => `  | ${l}`) : ["  (none)"]),
  ] : [];
  const verification = i?.verification.length ? ["verification:", ...i.verification.map((v) => `  ${iso(v.ts)} ${v.result}`)] : [];
  return [
    ...head,
    ...(e.decisions.length ? e.decisions.flatMap(renderDecision) : ["no decision was made"]),
    ...verification,
    `final: ${e.final}`,
    ...e.gaps.map((g) => `note: ${g}`),
  ].join("\n");
}
