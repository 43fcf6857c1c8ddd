// The control API, used by aiosctl, the consoles and the services' readiness notifications. `dispatch`
// answers plain {status, body} (or a stream); the HTTP socket and the JSON-lines socket (rpc.ts) are
// two framings of it. Errors leave here as {error, hint} with a 4xx status.
import { chmodSync, rmSync } from "node:fs";
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

export type Answer = { status: number; body: unknown } | { status: 200; stream: ReadableStream<Uint8Array> };

const json = (body: unknown, status = 200): Answer => ({ status, body });
const fail = (status: number, error: string, hint?: string): Answer => json({ error, hint }, status);

export async function handle(req: Request, deps: ControlDeps): Promise<Response> {
  const body = req.method === "POST" ? await req.text() : "";
  const a = await dispatch(req.method, new URL(req.url), body ? () => JSON.parse(body) : () => undefined, deps);
  if ("stream" in a) return new Response(a.stream, { headers: { "content-type": "application/x-ndjson" } });
  return Response.json(a.body, { status: a.status });
}

/** `body()` parses the request body lazily and may throw on malformed JSON. */
export async function dispatch(method: string, url: URL, body: () => unknown, deps: ControlDeps): Promise<Answer> {
  const { supervisor, logs } = deps;
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

export function serveControl(path: string, deps: ControlDeps) {
  rmSync(path, { force: true });
  const server = Bun.serve({
    unix: path,
    idleTimeout: 0, // event streams stay open (the unix-socket typings omit this option)
    // A malformed Host header gives a relative req.url (as runtime/http/host-check.ts says; PID 1 keeps its imports few).
    fetch: (req: Request) => (!URL.canParse(req.url) ? Promise.resolve(Response.json({ error: "bad request: the Host header is not a host name" }, { status: 400 })) : handle(req, deps)).catch((err) => Response.json({ error: `internal error: ${(err as Error).message}` }, { status: 500 })),
  } as unknown as Parameters<typeof Bun.serve>[0]);
  chmodSync(path, 0o600);
  return server;
}
