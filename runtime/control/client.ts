// Client for init's control socket, used by aiosctl, the consoles, the web console and services that
// notify readiness. Turns the API's {error, hint} answers into typed errors.
import { NotFoundError, SystemError, UserError } from "../errors.ts";

export const controlSocket = () => process.env.AIOS_CONTROL ?? "/run/aios/init.sock";

export async function control<T = unknown>(method: "GET" | "POST", path: string, body?: unknown, socket = controlSocket()): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`http://init${path}`, {
      method, unix: socket,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? undefined : { "content-type": "application/json" },
    } as RequestInit);
  } catch (cause) {
    throw new SystemError(`cannot reach aios init at ${socket}`, "is aios init running? (are you root?)", { cause });
  }
  const data = (await res.json().catch(() => ({}))) as T & { error?: string; hint?: string };
  if (res.status === 404) throw new NotFoundError(data.error ?? `not found: ${path}`, data.hint);
  if (res.status >= 400 && res.status < 500) throw new UserError(data.error ?? `bad request: ${path}`, data.hint);
  if (!res.ok) throw new SystemError(data.error ?? `init answered ${res.status}`);
  return data;
}

/** Tells init this service is ready (readiness = notify). Quietly does nothing outside a service. */
export async function notifyReady(): Promise<void> {
  const service = process.env.AIOS_SERVICE;
  if (!service) return;
  await control("POST", "/v1/notify", { service, pid: process.pid, status: "ready" });
}

export interface StatusReply {
  boot: { uptime_s: number; ready: boolean; state_device: string; pid1: boolean };
  services: {
    name: string; description: string; kind: string; state: string; pid: number | null; uptime_s: number;
    restarts: number; reason: string | null; last_exit: { code: number | null; signal: string | null; at: number } | null;
  }[];
}
