// The one small interface every intelligence tier implements: reactive rules, local llama.cpp models,
// remote OpenAI-compatible and Anthropic providers. A request carries messages and optional structure;
// a result carries the output plus what it cost.
import type { JsonSchema } from "../schema/validate.ts";

/** Ordered lowest (cheapest, most predictable) to highest (most capable, most expensive). */
export const TIERS = ["reactive", "local-small", "local-medium", "local-large", "remote"] as const;
export type Tier = (typeof TIERS)[number];
export const tierRank = (t: Tier) => TIERS.indexOf(t);
export const isTier = (s: string): s is Tier => (TIERS as readonly string[]).includes(s);

/** A decision made by a person (an operator at aiosctl or a console), not by any tier. */
export const HUMAN = "human";
/** Who made a decision: one tier of the hierarchy, or a person. */
export type DecidedBy = Tier | typeof HUMAN;

/**
 * One turn of a conversation. A tool loop adds two shapes: an assistant turn carrying the calls it
 * made (`toolCalls`, content may be empty), and a `tool` turn carrying one call's result (`toolCallId`,
 * `name`). Each tier maps them natively (OpenAI tool_calls / role tool, Anthropic tool_use /
 * tool_result); the local tier renders them as text the model reads.
 */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
  /** The function a tool turn answers. */
  name?: string;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export interface FunctionSpec {
  name: string;
  description?: string;
  parameters: JsonSchema;
}

export interface ModelRequest {
  messages: ChatMessage[];
  /** Structured output: the result is an object valid against this schema. */
  schema?: JsonSchema;
  /** Function calling: the result is a call to one of these (or, with toolChoice "auto", text). */
  functions?: FunctionSpec[];
  /** "required" (the default): the answer is a call; "auto": a call or a text answer. */
  toolChoice?: ToolChoice;
  maxTokens?: number;
  temperature?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Structured facts for rule-based tiers (a reactive rule reads these, not prose). */
  facts?: Record<string, unknown>;
  /** Decision type, so rule sets and policies can be chosen per kind of question. */
  decisionType?: string;
  /** Higher runs first in the local runtime's queue. */
  priority?: number;
}

export type ToolChoice = "auto" | "required";

export interface FunctionCall {
  /** The provider's id for the call, when it gives one (tool results refer to it). */
  id?: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type ModelOutput =
  | { kind: "text"; content: string }
  | { kind: "object"; content: string; object: unknown }
  /** `call` is the first call; `calls` holds all of them when a provider made several at once. */
  | { kind: "function"; content: string; call: FunctionCall; calls?: FunctionCall[] }
  /** The model (typically a rule set) says it cannot answer; the hierarchy may escalate. */
  | { kind: "unknown"; reason: string };

export interface TokenCounts {
  input: number;
  output: number;
}

export interface Pricing {
  /** US dollars per million tokens. */
  inputPerMTok: number;
  outputPerMTok: number;
}

export interface ModelIdentity {
  id: string;
  tier: Tier;
  /** Circuit breakers and budgets are kept per provider ("reactive", "local", "openai:…"). */
  provider: string;
  sha256?: string;
  pricing?: Pricing;
}

export interface ModelResult {
  output: ModelOutput;
  tokens: TokenCounts;
  latencyMs: number;
  costUsd: number;
  model: ModelIdentity;
  /** 0..1 when the model (or rule) states one. */
  confidence?: number;
}

export type StreamEvent = { type: "text"; text: string } | { type: "done"; result: ModelResult };

export interface Model {
  readonly identity: ModelIdentity;
  generate(req: ModelRequest): Promise<ModelResult>;
  /** Optional: tiers that can stream yield text pieces, then the full result. */
  stream?(req: ModelRequest): AsyncIterable<StreamEvent>;
}

export function costOf(tokens: TokenCounts, pricing?: Pricing): number {
  if (!pricing) return 0;
  return (tokens.input * pricing.inputPerMTok + tokens.output * pricing.outputPerMTok) / 1_000_000;
}
