// The web console's side of the executor's web socket (root:aios-web 0660): the console runs as
// aios-web with no capabilities, so what needs root (service control, approvals, snapshots, the
// firewall's ruleset, autonomy, root shells) is asked of the executor, for the person at the console:
// their audit actor (x-aios-who) and role (x-aios-role) go with every request.
import type { Context } from "hono";
import { agentPaths } from "../../agents/host/paths.ts";
import { ROLE_HEADER } from "../../agents/host/executor/web.ts";
import { WHO_HEADER } from "../../agents/host/executor/terminal.ts";
import { NotFoundError, SystemError, UserError } from "../../runtime/errors.ts";
import { webActor } from "./session.ts";

/** The headers that name the person making this request (after the guard). */
export function personHeaders(c: Context): Record<string, string> {
  return { [WHO_HEADER]: webActor(c), [ROLE_HEADER]: c.get("who").role };
}

async function send(c: Context, method: "GET" | "POST", path: string, body?: unknown): Promise<Response> {
  const socket = agentPaths.webSocket();
  // A change is watched through its settle period (10 s by default), longer than Bun's idle timeout.
  (c.env as { timeout?: (req: Request, seconds: number) => void } | undefined)?.timeout?.(c.req.raw, 0);
  try {
    return await fetch(`http://executor${path}`, {
      method, unix: socket, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...personHeaders(c), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    } as RequestInit);
  } catch (cause) {
    throw new SystemError(`cannot reach the executor at ${socket}`, "is the executor service running? (aiosctl status executor)", { cause });
  }
}

/** The executor's answer as this request's answer, status and all (a refusal stays a 403 with its reason). */
export async function relay(c: Context, method: "GET" | "POST", path: string, body?: unknown): Promise<Response> {
  const res = await send(c, method, path, body);
  return new Response(await res.text(), { status: res.status, headers: { "content-type": res.headers.get("content-type") ?? "application/json" } });
}

/** The executor's answer as data; a refusal becomes the typed error the console's handler answers with. */
export async function ask<T>(c: Context, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const res = await send(c, method, path, body);
  const data = (await res.json().catch(() => ({}))) as T & { error?: string; hint?: string };
  if (res.status === 404) throw new NotFoundError(data.error ?? `not found: ${path}`, data.hint);
  if (res.status >= 400 && res.status < 500) throw new UserError(data.error ?? `the executor refused ${path}`, data.hint);
  if (!res.ok) throw new SystemError(data.error ?? `the executor answered ${res.status} for ${path}`);
  return data;
}
