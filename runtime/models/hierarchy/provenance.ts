// What every decision records about how it was made: each attempt's tier, model and sha256, prompt
// hash, tokens, cost, latency, cache hit, and why the next tier was asked.
import type { FunctionSpec, ModelOutput, ModelRequest, Tier } from "../model.ts";

export type AttemptOutcome = "answered" | "low-confidence" | "unknown" | "invalid" | "timeout" | "unavailable" | "blocked";

export interface Attempt {
  tier: Tier;
  modelId: string;
  modelSha256?: string;
  provider: string;
  promptHash: string;
  schemaHash: string;
  tokens: { input: number; output: number };
  costUsd: number;
  latencyMs: number;
  cacheHit: boolean;
  outcome: AttemptOutcome;
  confidence?: number;
  /** What went wrong, or why this attempt did not settle the decision. */
  reason?: string;
  /** Set when the hierarchy moved up a tier after this attempt. */
  escalated?: string;
}

export interface DecisionRequest extends ModelRequest {
  /** Decision type: selects the policy and the reactive rule set. */
  type: string;
  /** Who asks: budgets are kept per agent. */
  agent: string;
  functions?: FunctionSpec[];
  /** Only this model answers, in its own tier ("anthropic/claude-…" or a local file's id). */
  model?: string;
  /** Receives text as the answering model streams it (models that cannot stream answer whole). */
  onText?: (text: string) => void;
}

export interface Decision {
  id: string;
  type: string;
  agent: string;
  outcome: "answered" | "unknown";
  output: ModelOutput;
  /** The tier whose answer was taken (absent when nobody answered). */
  tier?: Tier;
  modelId?: string;
  confidence?: number;
  /** Why the decision is weaker than asked for (budget blocked, low confidence kept, tiers down). */
  degraded?: string;
  attempts: Attempt[];
  totalCostUsd: number;
  latencyMs: number;
}
