// The contract every agent folder implements. An agent's code holds only its steps: observe (read the
// real system), detectors (plain checks, k8sgpt-style), reactive rules per finding kind, and the
// enumerated actions a decision may name. The loop (loop.ts) runs observe → detect → decide → plan →
// act → verify → remember; only `act` touches the system, and only through the tool registry.
import type { Runner } from "../../runtime/proc/exec.ts";
import type { Rule } from "../../runtime/models/reactive/reactive-model.ts";
import type { JsonSchema } from "../../tools/schema.ts";

export type Severity = "info" | "warning" | "critical";

/** One symptom found by a detector. `key` is stable across cycles, so one symptom is one incident. */
export interface Finding {
  /** "<area>.<symptom>", e.g. "disk.filling", "dns.broken"; also the decision type and rule-set key. */
  kind: string;
  /** e.g. "disk.filling:/var/lib/aios"; the same key on the next cycle means "still there". */
  key: string;
  severity: Severity;
  /** One line for people. */
  summary: string;
  /** What was seen. Untrusted text (log lines, file contents) is data: clipped, never obeyed. */
  evidence: string[];
  /** Structured facts the rules and models decide on. */
  facts: Record<string, unknown>;
  /** The agent that owns the fix when it is not the one that found it (monitor raises, others own). */
  owner?: string;
}

export interface AgentContext {
  now: number;
  /** The agent's [settings] table from its declaration (with operator overrides laid over). */
  settings: Record<string, unknown>;
  /** Read-only commands go through the one spawning module (ip -j, dpkg-query, nft -j list …). */
  runner: Runner;
  /** Every absolute path an observer reads is resolved under this root ("/" on the appliance). */
  root: string;
  /** The agent's own small persistent store (baselines, last-seen counters); kept across restarts. */
  memo: Memo;
}

/** Per-agent key → JSON value store in the agents' database. Not the system: writing here is memory. */
export interface Memo {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export interface DetectContext<O> extends AgentContext {
  /** Earlier observations, oldest first (a bounded window), for rates and sustained conditions. */
  history: readonly O[];
}

/** One small check: an observation in, plain findings out, no side effects. */
export interface Detector<O> {
  name: string;
  detect(obs: O, ctx: DetectContext<O>): Finding[];
}

/** A tool call an action becomes; the registry decides whether it runs, waits or is refused. */
export interface ToolCall {
  tool: string;
  input: unknown;
}

/** An enumerated action with typed parameters: all that a decision (rule or model) can name. */
export interface ActionSpec {
  description: string;
  /** An object schema; a model decodes against it and every answer is validated again. */
  params: JsonSchema;
  /** The tool calls, in order, that carry the action out. */
  calls(params: Record<string, unknown>, finding: Finding): ToolCall[];
}

/** A decision's content: the named action, its parameters, and why. */
export interface Choice {
  action: string;
  params: Record<string, unknown>;
  reason: string;
}

/**
 * Built-in actions every agent has besides its own: "escalate" (a person must look: the incident waits
 * for them) and "ignore" (a known-harmless case: the incident is closed as such).
 */
export const BUILTIN_ACTIONS = ["escalate", "ignore"] as const;

/** What an agent's folder exports (agents/<name>/index.ts: `export const agent: AgentModule<Obs>`). */
export interface AgentModule<O = unknown> {
  name: string;
  observe(ctx: AgentContext): Promise<O>;
  detectors: Detector<O>[];
  /**
   * How far back (ms) the detectors read `history`, from the agent's settings; the loop keeps only the
   * observations that recent (at most 120). Without it the loop keeps none: a module whose detectors
   * read no history must not hold 120 observations (two hours of them at a 60 s interval) for nothing.
   */
  historyMs?(settings: Record<string, unknown>): number;
  /**
   * Reactive rules per finding kind (= decision type). A rule reads `facts` (the finding's facts plus
   * `kind`, `key`, `severity`) and answers a Choice. Rules must cover every duty with no model.
   */
  rules: Record<string, Rule[]>;
  actions: Record<string, ActionSpec>;
  /**
   * Scheduled work, by job name (declared in the agent's TOML [[jobs]]): given the latest observation,
   * the findings the job raises (e.g. "logs.rotate-due"); they then go through decide and act.
   */
  jobs?: Record<string, (obs: O, ctx: AgentContext) => Finding[]>;
}

/** Facts a rule sees for a finding. */
export function factsOf(f: Finding): Record<string, unknown> {
  return { ...f.facts, kind: f.kind, key: f.key, severity: f.severity };
}

/** A rule that always answers the same choice for its kind (most reactive rules are one of these). */
export function always(name: string, choice: (facts: Record<string, unknown>) => Choice, when: (facts: Record<string, unknown>) => boolean = () => true): Rule {
  return { name, when: (facts) => when(facts), answer: (facts) => choice(facts) };
}
