// What the operator's ways in (aiosctl, the serial console) need from the models area: one listing of
// every model with its state, one question through the hierarchy, and the words for both, so the two
// consoles say the same thing.
import { UserError } from "../errors.ts";
import type { Decision, DecisionRequest } from "./hierarchy/provenance.ts";
import { createIntelligence, type IntelligenceStack } from "./index.ts";
import { isTier, TIERS, type Tier } from "./model.ts";

/** The decision type of a free-form operator question ([policy.question] in models.toml tunes it). */
export const QUESTION_TYPE = "question";

const SYSTEM = "You are aiOS, the assistant built into this Linux appliance. Answer the operator briefly and plainly.";

export interface ModelRow {
  id: string;
  tier: string;
  provider: string;
  /** available | loaded | quarantined | circuit-open */
  status: string;
  reason?: string;
  sizeBytes?: number;
  parameters?: number;
  quantization?: string;
}

export interface ModelListing {
  /** "running", or "down: <why>" when the model runtime cannot be reached. */
  runtime: string;
  modelsDir: string;
  models: ModelRow[];
}

export const modelsDir = () => `${process.env.AIOS_STATE_DIR ?? "/var/lib/aios"}/models`;

export function parseTier(s: string | undefined): Tier | undefined {
  if (s === undefined) return undefined;
  if (!isTier(s)) throw new UserError(`unknown tier "${s}"`, `use one of ${TIERS.join(", ")}`);
  return s;
}

/** An intelligence stack for one operator; `tier` pins questions to that one tier. */
export function operatorIntelligence(tier?: Tier): IntelligenceStack {
  return createIntelligence({ spawnRuntime: false, policies: tier ? { [QUESTION_TYPE]: { lowest: tier, highest: tier } } : undefined });
}

export async function listModels(stack: IntelligenceStack): Promise<ModelListing> {
  const status = await stack.status();
  const details = status.localRuntime === "running" ? await stack.runtime.models().catch(() => []) : [];
  const byId = new Map(details.map((m) => [m.id, m]));
  return {
    runtime: status.localRuntime,
    modelsDir: modelsDir(),
    models: status.models.map((m) => {
      const d = m.provider === "local" ? byId.get(m.id) : undefined;
      return { ...m, sizeBytes: d?.facts?.fileSize, parameters: d?.facts?.parameterCount, quantization: d?.facts?.quantization };
    }),
  };
}

export function ask(stack: IntelligenceStack, question: string, agent: string): Promise<Decision> {
  const req: DecisionRequest = {
    type: QUESTION_TYPE, agent, maxTokens: 256,
    messages: [{ role: "system", content: SYSTEM }, { role: "user", content: question }],
  };
  return stack.ask(req);
}

const size = (b?: number) => (b === undefined ? "-" : b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(1)} MB`);

export function renderModels(l: ModelListing): string {
  const head = l.runtime === "running" ? `model runtime: running; models from ${l.modelsDir}` : `model runtime: ${l.runtime}`;
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
