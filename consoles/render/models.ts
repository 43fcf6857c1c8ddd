// The models area in the operator's words, the same in aiosctl and the serial console: the model
// listing, why nothing answered, the answer and which tier gave it.
import type { Decision } from "../../runtime/models/hierarchy/provenance.ts";
import type { ModelListing } from "../../runtime/models/operator.ts";

const size = (b?: number) => (b === undefined ? "-" : b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(1)} MB`);

export function renderModels(l: ModelListing): string {
  const short = (l.degraded ?? []).map((d) => `DEGRADED: ${d}`);
  const head = [...short, l.runtime === "running" ? `model runtime: running; models from ${l.modelsDir}` : `model runtime: ${l.runtime}`].join("\n");
  if (!l.models.length) return `${head}\nno models: put a GGUF file in ${l.modelsDir}`;
  const rows = [["MODEL", "TIER", "STATUS", "SIZE", "PROVIDER"], ...l.models.map((m) => [m.id, m.tier, m.status, size(m.sizeBytes), m.provider])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r, i) => {
    const line = r.map((c, j) => c.padEnd(widths[j]!)).join("  ").trimEnd();
    const reason = i > 0 ? l.models[i - 1]!.reason : undefined;
    return reason ? `${line}\n    ${reason}` : line;
  });
  return [head, ...lines].join("\n");
}

/** Why nothing answered, in the operator's words, with what to do about it. */
export function explainNoAnswer(d: Decision, l: ModelListing): string {
  const local = l.models.filter((m) => m.provider === "local");
  const usable = l.models.filter((m) => m.status !== "quarantined" && m.status !== "circuit-open");
  if (l.runtime !== "running" && !usable.length) {
    return `no model configured: the model runtime is not running (${l.runtime.replace(/^down: /, "")}).\nPut a GGUF model in ${l.modelsDir}; \`aiosctl status models\` and \`aiosctl logs models\` say why it is down.`;
  }
  if (!local.length && !usable.length) return `no model configured: put a GGUF model in ${l.modelsDir} and ask again.`;
  if (!usable.length) {
    return `no model available: every model is unusable.\n${local.map((m) => `  ${m.id}: ${m.status}${m.reason ? ` (${m.reason})` : ""}`).join("\n")}\nPut a working GGUF model in ${l.modelsDir}.`;
  }
  return `no answer: ${d.degraded ?? (d.output.kind === "unknown" ? d.output.reason : "unknown")}`;
}

/** Which tiers were tried and why none answered, one line each. */
export function triedTiers(d: Decision): string {
  return d.attempts.map((a) => `  ${a.tier}: ${a.outcome === "unknown" ? "no rule or answer fits" : a.outcome}${a.reason ? ` (${a.reason})` : ""}`).join("\n");
}

/** The answer's text; a function call or an object is shown as its JSON. */
export function answerText(d: Decision): string {
  const o = d.output;
  if (o.kind === "unknown") return o.reason;
  if (o.kind === "function") return JSON.stringify(o.call);
  return o.content;
}

/** One line: which tier and model answered, how fast, and what was tried before. */
export function renderProvenance(d: Decision): string {
  const chosen = [...d.attempts].reverse().find((a) => a.outcome === "answered");
  const parts = [
    chosen ? `${chosen.tier} ${chosen.modelId}${chosen.modelSha256 ? ` (sha256 ${chosen.modelSha256.slice(0, 12)})` : ""}` : "no tier answered",
    chosen ? `${chosen.tokens.input}→${chosen.tokens.output} tokens${chosen.cacheHit ? ", cache hit" : ""}` : undefined,
    `${d.latencyMs.toFixed(0)} ms`,
    d.totalCostUsd > 0 ? `$${d.totalCostUsd.toFixed(4)}` : undefined,
  ].filter(Boolean);
  const tried = d.attempts.filter((a) => a !== chosen).map((a) => `${a.tier}: ${a.outcome}${a.reason ? ` (${a.reason})` : ""}`);
  return `[${parts.join(", ")}${tried.length ? `; tried ${tried.join("; ")}` : ""}] decision ${d.id}`;
}
