// Builds what the front agent needs for one request from the agent host's parts: the executor client,
// the host's runner, the incidents store, each tool's owner among the worker agents, agent and goal
// state, and the model listing.
import type { Runner } from "../../runtime/proc/exec.ts";
import type { IncidentStore } from "../incidents/store.ts";
import type { AgentSpec } from "../spec/types.ts";
import type { Goals } from "./goals.ts";
import type { ChatRequest, FrontContext, FrontExecutor } from "./types.ts";

/** Which worker holds a tool when several do: the agent whose area it is comes first. */
const PRECEDENCE = ["network", "package", "maintenance", "monitor", "security"];

export function toolOwners(agents: readonly { name: string; tools: readonly string[]; enabled?: boolean }[]): Map<string, string> {
  const ordered = [...agents].filter((a) => a.enabled !== false).sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const map = new Map<string, string>();
  for (const a of ordered) for (const t of a.tools) if (!map.has(t)) map.set(t, a.name);
  return map;
}
const rank = (n: string) => { const i = PRECEDENCE.indexOf(n); return i < 0 ? PRECEDENCE.length : i; };

export interface ContextParts {
  executor: FrontExecutor;
  runner: Runner;
  incidents: IncidentStore;
  agents: readonly AgentSpec[];
  goals: Goals;
  agentStates(): FrontContext["agents"] extends () => infer R ? R : never;
  modelsText(): Promise<string>;
  now?: () => number;
}

export function contextFactory(p: ContextParts): (req: ChatRequest) => FrontContext {
  const owners = toolOwners(p.agents);
  const ownerOf = (tool: string) => owners.get(tool);
  return (req) => ({
    executor: p.executor, runner: p.runner, incidents: p.incidents, ownerOf,
    agents: p.agentStates, goals: () => p.goals.list().map((g) => ({ id: g.id, title: g.title, state: g.state })),
    modelsText: p.modelsText, now: p.now ?? Date.now, who: req.who, request: req.text,
  });
}
