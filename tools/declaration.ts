// The shape of a tool: one declaration with everything the registry needs to enforce policy on it.
import type { Runner } from "../runtime/proc/exec.ts";
import type { Plan } from "../runtime/policy/effects.ts";
import type { HealthCheck } from "../runtime/snapshots/health.ts";
import type { JsonSchema } from "./schema.ts";

export type { HealthCheck };

/**
 * What a tool receives. Commands go through `runner` only. The dry path of a tool is its plan():
 * execute() may also write files directly, so a DryRunner alone does not make execute() safe.
 */
export interface ToolContext {
  runner: Runner;
  agent: string;
  timeoutMs: number;
}

export interface ToolDeclaration<I = any> {
  name: string;
  description: string;
  /** JSON schema of the input; also the grammar a model decodes against. */
  input: JsonSchema;
  /** Capabilities needed; a function when they depend on the input (fs.write:<path>). */
  capabilities: string[] | ((input: I) => string[]);
  /** A hint for prompts and UIs only: policy uses the effects from plan(). */
  destructive: boolean;
  timeoutMs: number;
  /** What the call would change, computed without changing anything (read-only commands only). */
  plan(input: I, ctx: ToolContext): Promise<Plan>;
  /** Does what `plan` previewed; the plan is passed so a tool acts on exactly the approved effects. */
  execute(input: I, ctx: ToolContext, plan: Plan): Promise<unknown>;
  /** Checks that must keep passing after this call for it to be kept. */
  healthChecks?(input: I): HealthCheck[];
}

/** What may be shown of a declaration (to a model, a console, the unprivileged agent host). */
export interface ToolInfo {
  name: string;
  description: string;
  input: JsonSchema;
  /** "per-input" when they depend on the input (fs.write:<path>): the registry works them out per call. */
  capabilities: string[] | "per-input";
  /** A hint only, never policy. */
  destructive: boolean;
}

/** Identity function that gives a declaration its input type. */
export function tool<I>(d: ToolDeclaration<I>): ToolDeclaration<I> {
  return d;
}

export function neededCapabilities<I>(d: ToolDeclaration<I>, input: I): string[] {
  return typeof d.capabilities === "function" ? d.capabilities(input) : d.capabilities;
}

/** The plan of a read-only tool. */
export const noEffects = async (): Promise<Plan> => ({ effects: [] });
