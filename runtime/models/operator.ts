// What the operator's ways in (aiosctl, the serial console) need from the models area: one listing of
// every model with its state and one question through the hierarchy (consoles/render/models.ts has
// the words for both, so the two consoles say the same thing).
import { UserError } from "../errors.ts";
import type { Decision, DecisionRequest } from "./hierarchy/provenance.ts";
import { createIntelligence, type IntelligenceStack } from "./index.ts";
import { isTier, TIERS, type Tier } from "./model.ts";
import { QUESTION_RULES } from "./reactive/questions.ts";
import { setting } from "../config/settings.ts";

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
  /** Why the hierarchy runs short, and what it falls back to (empty when it does not). */
  degraded: string[];
}

export const modelsDir = () => setting("models_dir");

export function parseTier(s: string | undefined): Tier | undefined {
  if (s === undefined) return undefined;
  if (!isTier(s)) throw new UserError(`unknown tier "${s}"`, `use one of ${TIERS.join(", ")}`);
  return s;
}

/** An intelligence stack for one operator; `tier` pins questions to that one tier. */
export function operatorIntelligence(tier?: Tier): IntelligenceStack {
  return createIntelligence({ spawnRuntime: false, rules: { [QUESTION_TYPE]: QUESTION_RULES }, policies: tier ? { [QUESTION_TYPE]: { lowest: tier, highest: tier } } : undefined });
}

export async function listModels(stack: IntelligenceStack): Promise<ModelListing> {
  const status = await stack.status();
  const details = status.localRuntime === "running" ? await stack.runtime.models().catch(() => []) : [];
  const byId = new Map(details.map((m) => [m.id, m]));
  return {
    runtime: status.localRuntime,
    modelsDir: modelsDir(),
    degraded: status.degraded,
    models: status.models.map((m) => {
      const d = m.provider === "local" ? byId.get(m.id) : undefined;
      return { ...m, sizeBytes: d?.facts?.fileSize, parameters: d?.facts?.parameterCount, quantization: d?.facts?.quantization };
    }),
  };
}

/** One question through the hierarchy; the reactive rules (reactive/questions.ts) read the facts. */
export async function ask(stack: IntelligenceStack, question: string, agent: string): Promise<Decision> {
  const listing = await listModels(stack).catch(() => undefined);
  const req: DecisionRequest = {
    type: QUESTION_TYPE, agent, maxTokens: 256, facts: { now: Date.now(), modelsDir: modelsDir(), models: listing?.models.map((m) => ({ id: m.id, tier: m.tier, status: m.status })) },
    messages: [{ role: "system", content: SYSTEM }, { role: "user", content: question }],
  };
  return stack.ask(req);
}
