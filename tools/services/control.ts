// The interface the services tools need from aios init. Init's control client implements it; the
// tools never talk to init any other way.

export type ServiceState = "running" | "starting" | "stopping" | "stopped" | "failed";

export interface ServiceStatus {
  id: string;
  state: ServiceState;
  pid?: number;
  /** ms since epoch of the last state change. */
  since?: number;
  restarts?: number;
  /** Last exit or failure reason, when known. */
  reason?: string;
}

export interface ServiceControl {
  list(): Promise<ServiceStatus[]>;
  /** Throws NotFoundError for an unknown id. */
  status(id: string): Promise<ServiceStatus>;
  /** Return once init has acted on the request (not necessarily once the service is ready). */
  start(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  restart(id: string): Promise<void>;
  /** Whether init starts it at boot; kept across reboots. */
  enable(id: string): Promise<void>;
  disable(id: string): Promise<void>;
}
