// The code of every built-in agent, by name. The build checks each declaration in image/agents against
// this (rule sets, jobs, tools), and the agent host runs what is declared and enabled.
import type { AgentModule } from "./loop/types.ts";
import { agent as maintenance } from "./maintenance/index.ts";
import { agent as monitor } from "./monitor/index.ts";
import { agent as network } from "./network/index.ts";
import { agent as packages } from "./package/index.ts";
import { agent as security } from "./security/index.ts";

export const AGENT_MODULES: Record<string, AgentModule> = {
  maintenance: maintenance as AgentModule,
  monitor: monitor as AgentModule,
  network: network as AgentModule,
  package: packages as AgentModule,
  security: security as AgentModule,
};

/** Every agent's rule sets in one table keyed by decision type, for the reactive tier. */
export function allRules(modules: Record<string, AgentModule> = AGENT_MODULES): Record<string, AgentModule["rules"][string]> {
  const out: Record<string, AgentModule["rules"][string]> = {};
  for (const m of Object.values(modules)) for (const [kind, rules] of Object.entries(m.rules)) out[kind] = [...(out[kind] ?? []), ...rules];
  return out;
}
