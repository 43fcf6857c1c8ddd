// Wires the front agent into the agent host: its goals live in the agents' database, its reads and
// plans go through the executor as the worker agents that hold the tools, and what the router cannot
// place escalates through the same intelligence stack the agents decide with.
import type { Database } from "bun:sqlite";
import type { IntelligenceStack } from "../../runtime/models/index.ts";
import type { Runner } from "../../runtime/proc/exec.ts";
import { contextFactory, toolOwners } from "../front/context.ts";
import { FrontAgent } from "../front/front.ts";
import { toolEscalation } from "../front/escalate.ts";
import { Goals } from "../front/goals.ts";
import type { ChatRequest, FrontContext, FrontExecutor } from "../front/types.ts";
import type { LoadedAgents } from "../spec/compile.ts";
import type { AgentHost } from "./host.ts";
import { control, type StatusReply } from "../../runtime/control/client.ts";

export interface FrontParts { host: AgentHost; loaded: LoadedAgents; executor: FrontExecutor; db: Database; runner: Runner; intel: IntelligenceStack }

export function frontAgent(p: FrontParts): { agent: FrontAgent; goals: Goals; context: (req: ChatRequest) => FrontContext } {
  const goals = new Goals(p.db);
  const context = contextFactory({
    executor: p.executor, runner: p.runner, incidents: p.host.incidents, agents: p.loaded.agents, goals,
    agentStates: () => p.host.status(),
    modelsText: async () => {
      const st = await p.intel.status();
      const rows = st.models.map((m) => `${m.id} (${m.tier}, ${m.provider}): ${m.status}${m.reason ? ` — ${m.reason}` : ""}`);
      return rows.length ? `Models (local runtime ${st.localRuntime}):\n${rows.map((r) => `  - ${r}`).join("\n")}` : `No model is installed (local runtime ${st.localRuntime}). The reactive tier answers on its own; copy a GGUF file into the models folder or configure a cloud key to add tiers.`;
    },
  });
  let cached: { at: number; names: string[] } | undefined;
  const services = async () => {
    if (cached && Date.now() - cached.at < 30_000) return cached.names;
    const st = await control<StatusReply>("GET", "/v1/status");
    cached = { at: Date.now(), names: st.services.map((s) => s.name) };
    return cached.names;
  };
  const escalate = toolEscalation({ ask: p.intel.ask, executor: p.executor, owners: toolOwners(p.loaded.agents) });
  const agent = new FrontAgent({ goals, context, escalate, services });
  return { agent, goals, context };
}
