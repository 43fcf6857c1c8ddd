// Chat console commands for the agents: /agents (each agent's state; a broken override shows its
// reason), /incidents, /incident N, /autonomy [off|propose|on]. A person at the console is root.
import { agentStatuses, adminExecutor, currentAutonomy, readIncidents } from "../../../agents/host/client.ts";
import { renderAgents, renderIncident, renderIncidents } from "../../render/agents.ts";
import type { Reply } from "../commands.ts";

export async function agentsAnswer(line: string): Promise<Reply | undefined> {
  const [cmd, arg] = line.trim().split(/\s+/);
  switch (cmd?.toLowerCase()) {
    case "/agents": return { text: renderAgents(await agentStatuses(), await currentAutonomy()) };
    case "/incidents": return { text: renderIncidents(readIncidents((s) => s.list({ open: arg === "open", limit: 20 }))) };
    case "/incident": {
      const inc = readIncidents((s) => s.get(Number(arg)));
      return { text: inc ? renderIncident(inc) : `no incident ${arg ?? ""}; /incidents lists them` };
    }
    case "/autonomy": {
      if (!arg) return { text: `autonomy: ${await currentAutonomy()}` };
      return { text: `autonomy: ${await adminExecutor().setAutonomy(arg, "user:root@serial")}` };
    }
    default: return undefined;
  }
}

export const agentsHelp: string[] = [
  "  /agents       the agents: state, last observation, open incidents, decisions by tier",
  "  /incidents    incidents (/incidents open: only open ones); /incident N shows one",
  "  /autonomy     how far the agents may go: /autonomy off|propose|on",
];
