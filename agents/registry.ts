// The code of every built-in agent, by name. The build checks each declaration in image/agents against
// this (rule sets, jobs, tools), and the agent host runs what is declared and enabled.
import type { AgentModule } from "./loop/types.ts";

export const AGENT_MODULES: Record<string, AgentModule> = {};
