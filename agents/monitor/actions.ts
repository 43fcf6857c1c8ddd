// The monitor's enumerated actions (besides escalate and ignore) and the tool calls they become. Risk
// and approval are the registry's business: SIGTERM is high risk (waits for a person in normal mode),
// a service restart low (runs by itself).
import type { ActionSpec } from "../loop/types.ts";
import { s } from "../../tools/schema.ts";

export const actions: Record<string, ActionSpec> = {
  terminate: {
    description: "Ask a process to exit with SIGTERM (a process someone started: needs approval).",
    params: s.object({ pid: s.int("process id", 2) }),
    calls: (p) => [{ tool: "processes.signal", input: { pid: p.pid, signal: "TERM" } }],
  },
  restart: {
    description: "Restart a supervised service through init (once; never in a loop).",
    params: s.object({ service: s.string("service id", { pattern: "^[A-Za-z0-9@._-]{1,64}$" }) }),
    calls: (p) => [{ tool: "services.control", input: { id: p.service, action: "restart" } }],
  },
};
