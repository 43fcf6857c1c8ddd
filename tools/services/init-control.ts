// ServiceControl over aios init's control socket: what the services tools use on the appliance. Init
// has more states than the tools need; they are folded into the tools' five here, in one place.
import { control, controlSocket, type StatusReply } from "../../runtime/control/client.ts";
import type { ServiceControl, ServiceState, ServiceStatus } from "./control.ts";

type InitView = StatusReply["services"][number];

/** Init's state → the tools' state. "waiting" and "backoff" are on their way up, so "starting". */
export function toolState(initState: string): ServiceState {
  switch (initState) {
    case "ready": case "degraded": return "running";
    case "waiting": case "starting": case "backoff": return "starting";
    case "stopping": return "stopping";
    case "failed": return "failed";
    default: return "stopped"; // stopped, and done (a oneshot that finished)
  }
}

export function toStatus(v: InitView): ServiceStatus {
  return {
    id: v.name,
    state: toolState(v.state),
    ...(v.pid ? { pid: v.pid } : {}),
    ...(v.pid && v.uptime_s ? { since: Date.now() - Math.round(v.uptime_s * 1000) } : {}),
    restarts: v.restarts,
    ...(v.reason ? { reason: v.reason } : {}),
  };
}

export class InitServiceControl implements ServiceControl {
  constructor(private readonly socket = controlSocket()) {}

  async list(): Promise<ServiceStatus[]> {
    return (await control<StatusReply>("GET", "/v1/status", undefined, this.socket)).services.map(toStatus);
  }

  async status(id: string): Promise<ServiceStatus> {
    return toStatus(await control<InitView>("GET", `/v1/services/${encodeURIComponent(id)}`, undefined, this.socket));
  }

  start = (id: string) => this.verb(id, "start");
  stop = (id: string) => this.verb(id, "stop");
  restart = (id: string) => this.verb(id, "restart");
  enable = (id: string) => this.verb(id, "enable");
  disable = (id: string) => this.verb(id, "disable");

  private async verb(id: string, verb: "start" | "stop" | "restart" | "enable" | "disable"): Promise<void> {
    await control("POST", `/v1/services/${encodeURIComponent(id)}/${verb}`, undefined, this.socket);
  }
}
