// The build's view of the agents: image/agents/*.toml checked against the agents' code and the tool
// declarations, compiled into one file. A broken declaration is a build error naming file, line and key.
import { applianceTools } from "../../tools/index.ts";
import type { ServiceControl } from "../../tools/services/index.ts";
import { AGENT_MODULES } from "../registry.ts";
import { compileAgentDir } from "./compile.ts";
import type { AgentDb } from "./types.ts";

/** Names of every tool the appliance declares (declarations only: nothing is opened or run). */
export function applianceToolNames(): Set<string> {
  const none: ServiceControl = { list: async () => [], control: async () => ({}) } as unknown as ServiceControl;
  return new Set(applianceTools({ services: none }).map((t) => t.name));
}

export function compileImageAgents(dir: string): AgentDb {
  return compileAgentDir(dir, AGENT_MODULES, applianceToolNames());
}
