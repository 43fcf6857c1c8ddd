// The consoles' side of the agent host: live status over its socket, incidents read straight from the
// agents' database (so they are there when the host is down), autonomy through the executor.
import { existsSync } from "node:fs";
import { openDatabase } from "../../runtime/db/open.ts";
import { NotFoundError, SystemError, UserError } from "../../runtime/errors.ts";
import { fromErrorBody } from "../../runtime/boundary.ts";
import { IncidentStore } from "../incidents/store.ts";
import { ExecutorClient } from "./executor/client.ts";
import type { AgentStatus } from "./host.ts";
import { agentPaths } from "./paths.ts";

export async function hostRequest<T>(method: "GET" | "POST", path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`http://agents${path}`, { method, unix: agentPaths.hostSocket() } as RequestInit);
  } catch (cause) {
    throw new SystemError(`cannot reach the agent host at ${agentPaths.hostSocket()}`, "is the agents service running? (aiosctl status agents)", { cause });
  }
  const data = (await res.json().catch(() => ({}))) as T & { error?: string; hint?: string };
  if (res.status >= 500) throw fromErrorBody(res.status, data, `the agent host answered ${res.status} for ${path}`);
  if (res.status === 404) throw new NotFoundError(data.error ?? `not found: ${path}`, data.hint);
  if (res.status >= 400) throw new UserError(data.error ?? `the agent host refused ${path}`, data.hint);
  return data;
}

export const agentStatuses = async () => (await hostRequest<{ agents: AgentStatus[] }>("GET", "/v1/agents")).agents;

export const adminExecutor = () => new ExecutorClient(agentPaths.adminSocket());

/** The autonomy switch, or why it cannot be read. */
export const currentAutonomy = () => adminExecutor().autonomy().catch(() => "unknown (executor down)");

export function readIncidents<T>(fn: (s: IncidentStore) => T): T {
  if (!existsSync(agentPaths.db())) throw new NotFoundError("no incidents yet: the agent host has not run");
  const db = openDatabase(agentPaths.db(), { readonly: true });
  try { return fn(new IncidentStore(db, Date.now, { readonly: true })); } finally { db.close(); }
}

/** Streams a host route that answers NDJSON (chat, goal resume): one parsed event per line. */
export async function* hostStream<T>(path: string, body?: unknown): AsyncGenerator<T> {
  let res: Response;
  try {
    res = await fetch(`http://agents${path}`, { method: "POST", unix: agentPaths.hostSocket(), body: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" } } as RequestInit);
  } catch (cause) {
    throw new SystemError(`cannot reach the agent host at ${agentPaths.hostSocket()}`, "is the agents service running? (aiosctl status agents)", { cause });
  }
  if (!res.ok || !res.body) {
    const data = (await res.json().catch(() => ({}))) as { error?: string; hint?: string };
    if (res.status === 404) throw new NotFoundError(data.error ?? `not found: ${path}`, data.hint);
    throw new UserError(data.error ?? `the agent host refused ${path} (${res.status})`, data.hint);
  }
  const dec = new TextDecoder();
  let buf = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += dec.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) yield JSON.parse(line) as T;
    }
  }
  if (buf.trim()) yield JSON.parse(buf) as T;
}
