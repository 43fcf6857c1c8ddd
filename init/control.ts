// The control API, used by aiosctl, the consoles and the services' readiness notifications. `dispatch`
// answers plain {status, body} (or a stream); the HTTP socket and the JSON-lines socket (rpc.ts) are
// two framings of it. Errors leave here as {error, hint} with a 4xx status. The root socket (0600)
// serves everything; the read socket (root:<group> 0660, for unprivileged services such as the web
// console) serves reads and the readiness of services that run as a user, nothing that changes state.
import { chmodSync, chownSync, rmSync } from "node:fs";
import type { EventHub } from "./events.ts";
import type { LogStore } from "./logs.ts";
import type { Supervisor } from "./supervisor.ts";

export interface ControlDeps {
  supervisor: Supervisor;
  logs: LogStore;
  events: EventHub;
  boot: () => Record<string, unknown>;
  shutdown: (how: "poweroff" | "reboot") => void;
  setEnabled: (id: string, enabled: boolean) => void;
  reload: () => { added: string[]; errors: string[] };
}

/** Who is on the socket: root (full) or the read socket's group (read). Unix permissions decide it. */
export type Access = "full" | "read";

export type Answer = { status: number; body: unknown } | { status: 200; stream: ReadableStream<Uint8Array> };

const json = (body: unknown, status = 200): Answer => ({ status, body });
const fail = (status: number, error: string, hint?: string): Answer => json({ error, hint }, status);

export async function handle(req: Request, deps: ControlDeps, access: Access = "full"): Promise<Response> {
  const body = req.method === "POST" ? await req.text() : "";
  const a = await dispatch(req.method, new URL(req.url), body ? () => JSON.parse(body) : () => undefined, deps, access);
  if ("stream" in a) return new Response(a.stream, { headers: { "content-type": "application/x-ndjson" } });
  return Response.json(a.body, { status: a.status });
}

/** `body()` parses the request body lazily and may throw on malformed JSON. */
export async function dispatch(method: string, url: URL, body: () => unknown, deps: ControlDeps, access: Access = "full"): Promise<Answer> {
  const { supervisor, logs } = deps;
  if (access === "read") {
    const refused = readRefusal(method, url, body, deps);
    if (refused) return refused;
  }
  const req = { method, json: async () => body() };
  const parts = url.pathname.split("/").filter(Boolean);
  const [v, area, id, verb] = parts;
  if (v !== "v1") return fail(404, `no such endpoint ${url.pathname}`);
  const service = id ? supervisor.get(id) : undefined;
  const noService = () => fail(404, `no such service "${id}"`, `known services: ${supervisor.order.join(", ")}`);

  if (req.method === "GET" && area === "status") return json({ boot: deps.boot(), services: supervisor.views() });
  if (req.method === "GET" && area === "services" && id) return service ? json(supervisor.view(id)) : noService();
  if (req.method === "POST" && area === "services" && id && verb) {
    if (!service) return noService();
    if (verb === "start") { supervisor.start(id); return json({ ok: true }); }
    if (verb === "stop") { await supervisor.stop(id); return json({ ok: true }); }
    if (verb === "restart") { await supervisor.restart(id); return json({ ok: true }); }
    if (verb === "enable" || verb === "disable") { deps.setEnabled(id, verb === "enable"); return json({ ok: true, enabled: verb === "enable" }); }
    return fail(400, `unknown verb "${verb}"`, "use start, stop, restart, enable or disable");
  }
  if (req.method === "GET" && area === "logs") {
    const svc = url.searchParams.get("service") ?? undefined;
    if (svc && !supervisor.get(svc)) return fail(404, `no such service "${svc}"`);
    const n = Number(url.searchParams.get("n") ?? 100);
    const since = Number(url.searchParams.get("since") ?? 0);
    if (!Number.isInteger(n) || n < 1 || !Number.isFinite(since)) return fail(400, "n must be a positive integer and since a timestamp in ms");
    if (url.searchParams.get("follow") !== "1") return json({ lines: logs.tail(svc, n, since) });
    return { status: 200, stream: logs.stream(svc, n, since) };
  }
  if (req.method === "GET" && area === "events") {
    const since = Number(url.searchParams.get("since") ?? 0);
    if (!Number.isInteger(since) || since < 0) return fail(400, "since must be an event sequence number (0 for all kept)");
    if (url.searchParams.get("follow") !== "1") return json({ events: deps.events.since(since) });
    return { status: 200, stream: deps.events.stream(since) };
  }
  if (req.method === "POST" && area === "notify") {
    let body: { service?: string; pid?: number; status?: string };
    try { body = (await req.json()) as typeof body; } catch { return fail(400, "body must be JSON: {service, status: \"ready\"}"); }
    if (body === null || typeof body !== "object") return fail(400, "body must be a JSON object: {service, status: \"ready\"}");
    if (!body.service || (body.status !== "ready" && body.status !== "watchdog")) return fail(400, "body must be {service, status: \"ready\" | \"watchdog\"}");
    if (!supervisor.get(body.service)) return fail(404, `no such service "${body.service}"`);
    if (body.status === "watchdog") return json({ ok: supervisor.kick(body.service) });
    return json({ ok: supervisor.markReady(body.service, body.pid) });
  }
  if (req.method === "POST" && area === "reload") return json(deps.reload());
  if (req.method === "POST" && area === "system" && (id === "poweroff" || id === "reboot")) {
    setTimeout(() => deps.shutdown(id), 10);
    return json({ ok: true, action: id });
  }
  return fail(404, `no such endpoint ${req.method} ${url.pathname}`);
}

/**
 * Why the read socket refuses this request, or undefined. A service that runs as a user cannot reach
 * the root socket, so it reports readiness and heartbeats here, for its own run only (the pid must be
 * the one init started).
 */
function readRefusal(method: string, url: URL, body: () => unknown, deps: ControlDeps): Answer | undefined {
  if (method === "GET") return undefined;
  const hint = "changes need init's root socket: ssh in and use aiosctl, or the web console's controls (through the executor)";
  if (method !== "POST" || url.pathname !== "/v1/notify") return fail(403, `the read-only control socket does not serve ${method} ${url.pathname}`, hint);
  let b: { service?: unknown; pid?: unknown };
  try { b = (body() ?? {}) as typeof b; } catch { return fail(400, "body must be JSON: {service, pid, status}"); }
  const run = typeof b.service === "string" ? deps.supervisor.get(b.service) : undefined;
  if (!run?.spec.user) return fail(403, `only services that run as a user report readiness on the read-only socket, not "${String(b.service)}"`, hint);
  if (typeof b.pid !== "number") return fail(400, "a readiness report on the read-only socket names its pid: {service, pid, status}");
  if (b.pid !== run.pid) return fail(403, `pid ${b.pid} is not ${b.service}'s (${run.pid ?? "not running"})`);
  return undefined;
}

export function serveControl(path: string, deps: ControlDeps, access: Access = "full", gid?: number) {
  rmSync(path, { force: true });
  const server = Bun.serve({
    unix: path,
    idleTimeout: 0, // event streams stay open (the unix-socket typings omit this option)
    // A malformed Host header gives a relative req.url (as runtime/http/host-check.ts says; PID 1 keeps its imports few).
    fetch: (req: Request) => (!URL.canParse(req.url) ? Promise.resolve(Response.json({ error: "bad request: the Host header is not a host name" }, { status: 400 })) : handle(req, deps, access)).catch((err) => Response.json({ error: `internal error: ${(err as Error).message}` }, { status: 500 })),
  } as unknown as Parameters<typeof Bun.serve>[0]);
  restrict(path, access, gid);
  return server;
}

/** root 0600 for the full socket; root:<gid> 0660 for the read socket (0600 while there is no such group). */
export function restrict(path: string, access: Access, gid?: number): void {
  if (access === "read" && gid !== undefined) {
    chownSync(path, 0, gid);
    chmodSync(path, 0o660);
  } else chmodSync(path, 0o600);
}
