// Service tools over aios init: list, status, start, stop, restart, enable, disable (at boot). A start
// or restart declares a health check (the service must be running through the settle period) so a bad
// restart rolls back. Stopping or disabling ssh or a console is refused by the lock-out guard.
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import type { ServiceControl } from "./control.ts";

const id = s.string("service id", { pattern: "^[A-Za-z0-9@._-]{1,64}$" });

export function serviceTools(init: ServiceControl): ToolDeclaration[] {
  return [
    tool<Record<string, never>>({
      name: "services.list",
      description: "List services with their state, pid and restart count.",
      input: s.object({}),
      capabilities: ["svc.read"],
      destructive: false,
      timeoutMs: 5000,
      plan: async () => ({ effects: [] }),
      execute: () => init.list(),
    }),
    tool<{ id: string; action: "start" | "stop" | "restart" | "enable" | "disable" }>({
      name: "services.control",
      description: "Start, stop or restart a service, or enable or disable its start at boot.",
      input: s.object({ id, action: s.enum(["start", "stop", "restart", "enable", "disable"]) }),
      capabilities: (i) => [`svc.control:${i.id}`],
      destructive: true,
      timeoutMs: 30_000,
      async plan({ id, action }) {
        const st = await init.status(id); // an unknown service fails the preview here
        if (action === "enable" || action === "disable") return { effects: [{ kind: `service.${action}`, service: id }] };
        if (action === "start" && (st.state === "running" || st.state === "starting")) return { effects: [], notes: [`${id} is already ${st.state}`] };
        if (action === "stop" && st.state === "stopped") return { effects: [], notes: [`${id} is already stopped`] };
        return { effects: [{ kind: `service.${action}`, service: id }] };
      },
      async execute({ id, action }) {
        await init[action](id);
        return init.status(id);
      },
      healthChecks: ({ id, action }) => action === "stop" || action === "enable" || action === "disable" ? [] : [{
        name: `${id} running`,
        check: async () => { const st = await init.status(id); return st.state === "running" || st.state === "starting" ? true : `${id} is ${st.state}${st.reason ? `: ${st.reason}` : ""}`; },
      }],
    }),
  ];
}

export type { ServiceControl, ServiceState, ServiceStatus } from "./control.ts";
