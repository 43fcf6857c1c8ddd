// Client for init's control socket, used by aiosctl, the consoles, the web console and services that
// notify readiness. Turns the API's {error, hint} answers into typed errors.
import { existsSync } from "node:fs";
import { NotFoundError, SystemError, UserError } from "../errors.ts";
import { rpc } from "./rpc.ts";
import { setting } from "../config/settings.ts";

export const controlSocket = () => setting("control_socket");
/** Init's read-only socket: status, logs, events, and readiness of services that run as a user (the web console). */
export const readSocket = () => setting("control_read_socket");

export async function control<T = unknown>(method: "GET" | "POST", path: string, body?: unknown, socket = controlSocket()): Promise<T> {
  let status: number;
  let data: T & { error?: string; hint?: string };
  try {
    // The JSON-lines socket is the fast path; HTTP serves where it is missing (an older init).
    const r = existsSync(`${socket}.rpc`) ? await rpc(`${socket}.rpc`, method, path, body) : await http(method, path, body, socket);
    status = r.status;
    data = (r.body ?? {}) as typeof data;
  } catch (cause) {
    throw new SystemError(`cannot reach aios init at ${socket}`, "is aios init running? (are you root?)", { cause });
  }
  if (status === 404) throw new NotFoundError(data.error ?? `not found: ${path}`, data.hint);
  if (status >= 400 && status < 500) throw new UserError(data.error ?? `bad request: ${path}`, data.hint);
  if (status >= 300) throw new SystemError(data.error ?? `init answered ${status}`);
  return data;
}

async function http(method: string, path: string, body: unknown, socket: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://init${path}`, {
    method, unix: socket,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? undefined : { "content-type": "application/json" },
  } as RequestInit);
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

/** Follows an NDJSON stream from init (events, logs), yielding each object; skips keep-alive blank lines. */
export async function* followLines<T>(path: string, socket = controlSocket(), signal?: AbortSignal): AsyncGenerator<T> {
  let res: Response;
  try {
    res = await fetch(`http://init${path}`, { unix: socket, signal } as RequestInit);
  } catch (cause) {
    throw new SystemError(`cannot reach aios init at ${socket}`, "is aios init running? (are you root?)", { cause });
  }
  if (!res.ok || !res.body) throw new SystemError(`init answered ${res.status} for ${path}`);
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (line) yield JSON.parse(line) as T;
    }
  }
}

/** Watchdog heartbeat for services that declare watchdog_ms. Quietly does nothing outside a service. */
export async function heartbeat(socket = controlSocket()): Promise<void> {
  const service = process.env.AIOS_SERVICE;
  if (!service) return;
  await control("POST", "/v1/notify", { service, pid: process.pid, status: "watchdog" }, socket);
}

/** Tells init this service is ready (readiness = notify). Quietly does nothing outside a service. */
export async function notifyReady(socket = controlSocket()): Promise<void> {
  const service = process.env.AIOS_SERVICE;
  if (!service) return;
  await control("POST", "/v1/notify", { service, pid: process.pid, status: "ready" }, socket);
}

export interface StatusReply {
  boot: { uptime_s: number; ready: boolean; state_device: string; pid1: boolean };
  /** Why the appliance runs degraded (state disk full, a database moved aside); added by the consoles. */
  degraded?: string[];
  /** The running system's version and where it came from (the factory image or update slot a/b); added by aiosctl. */
  version?: string;
  system?: string;
  services: {
    name: string; description: string; kind: string; state: string; pid: number | null; uptime_s: number;
    restarts: number; reason: string | null; last_failure?: string | null; memory_bytes?: number | null; cpu_usec?: number | null; last_exit: { code: number | null; signal: string | null; at: number } | null;
  }[];
}
