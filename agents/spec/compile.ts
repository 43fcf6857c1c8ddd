// Reads image/agents/*.toml as a whole, checks each declaration against the agent's code (every
// decision has a rule set, every job a handler, every tool exists) and compiles them into one file.
// At start the host lays operator overrides from /etc/aios/agents/ over it: a broken override is
// reported (file:line:key) and its agent runs its built-in declaration in safe mode (every change
// waits for a person), since what the override meant to allow or forbid cannot be read.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ConfigError, errorMessage } from "../../runtime/errors.ts";
import { lineOf } from "../../runtime/config/toml.ts";
import type { AgentModule } from "../loop/types.ts";
import type { AgentDb, AgentSpec } from "./types.ts";
import { validateAgent } from "./validate.ts";

export function readAgentDir(dir: string): AgentSpec[] {
  return readdirSync(dir).filter((f) => f.endsWith(".toml")).sort().map((f) => {
    const file = join(dir, f);
    return validateAgent(basename(f, ".toml"), readFileSync(file, "utf8"), file);
  });
}

/** Every declared decision must have rules, every job a handler, every tool a declaration. */
export function checkAgainstCode(spec: AgentSpec, mod: AgentModule | undefined, toolNames: ReadonlySet<string>): void {
  const src = existsSync(spec.source) ? readFileSync(spec.source, "utf8") : "";
  const fail = (key: string, problem: string, hint?: string): never => { throw new ConfigError(spec.source, key, problem, lineOf(src, key), hint); };
  if (!mod) fail("(name)", `no agent code for "${spec.name}"`, "add agents/<name>/index.ts and list it in agents/registry.ts");
  for (const d of spec.decisions) {
    if (!mod!.rules[d]?.length) fail("decisions", `decision "${d}" has no reactive rule set in agents/${spec.name}`, "the rules must cover every duty with no model");
  }
  for (const j of spec.jobs) if (!mod!.jobs?.[j.name]) fail("jobs", `job "${j.name}" has no handler in agents/${spec.name}`);
  for (const t of spec.tools) if (!toolNames.has(t)) fail("tools", `no tool named "${t}"`, `known: ${[...toolNames].sort().join(", ")}`);
  for (const [name, a] of Object.entries(mod!.actions)) {
    if (a.params.type !== "object") fail("(code)", `action ${name}: params must be an object schema`);
  }
}

export function compileAgentDir(dir: string, modules: Record<string, AgentModule>, toolNames: ReadonlySet<string>): AgentDb {
  const agents = readAgentDir(dir);
  for (const a of agents) checkAgainstCode(a, modules[a.name], toolNames);
  return { version: 1, agents };
}

export interface LoadedAgents {
  agents: AgentSpec[];
  /** Override files that name no built-in agent, with the reason for the consoles. */
  disabled: { name: string; reason: string }[];
  /** Agents whose override is broken: they run the built-in declaration in safe mode; the reason names file:line:key. */
  ignored?: { name: string; reason: string }[];
}

/** The compiled declarations with operator overrides laid over; never throws for one bad override. */
export function loadAgents(compiled: AgentDb, overrideDir: string, modules: Record<string, AgentModule>, toolNames: ReadonlySet<string>): LoadedAgents {
  const disabled: LoadedAgents["disabled"] = [];
  const ignored: NonNullable<LoadedAgents["ignored"]> = [];
  const agents: AgentSpec[] = [];
  for (const base of compiled.agents) {
    const file = join(overrideDir, `${base.name}.toml`);
    if (!existsSync(file)) { agents.push(base); continue; }
    try {
      const spec = validateAgent(base.name, readFileSync(file, "utf8"), file, base);
      checkAgainstCode({ ...spec, source: file }, modules[base.name], toolNames);
      agents.push(spec);
    } catch (err) {
      ignored.push({ name: base.name, reason: `${errorMessage(err)}; running the built-in declaration in safe mode` });
      agents.push({ ...base, policy: { ...base.policy, mode: "safe" } });
    }
  }
  if (existsSync(overrideDir)) {
    for (const f of readdirSync(overrideDir).filter((f) => f.endsWith(".toml"))) {
      const name = basename(f, ".toml");
      if (!compiled.agents.some((a) => a.name === name)) disabled.push({ name, reason: `${join(overrideDir, f)}: no built-in agent "${name}" to override` });
    }
  }
  return { agents, disabled, ignored };
}
