// The executor's sockets (the web console's is in web.ts). The agent socket (root:aios-agent 0660) serves the agent host: preview, call
// (or propose), the tool declarations, record, approval status, rollback of its own snapshots, autonomy, and read-only views of init (status,
// logs) plus its own readiness, since init's control socket is root's alone. The admin socket (root
// 0600) adds people's verbs: approve, reject, the autonomy switch and root shells (terminal.ts). Agents
// can never approve.
import { chmodSync, chownSync, rmSync } from "node:fs";
import { groupId } from "../../../runtime/proc/ids.ts";
import { Hono } from "hono";
import { control } from "../../../runtime/control/client.ts";
import { UserError } from "../../../runtime/errors.ts";
import { httpError } from "../../../runtime/boundary.ts";
import type { CallRequest } from "../../../tools/outcome.ts";
import type { LocalExecutor } from "./local.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { isPrivilegedRead } from "./reads.ts";
import { mountViews } from "./views.ts";
import { restoreSnapshot } from "../../../runtime/snapshots/manual.ts";
import { resetFirewall } from "../../../tools/firewall/restore.ts";
import { mountTerminal, type TerminalOptions } from "./terminal.ts";
import { websocket } from "./websocket.ts";
import { checkHost } from "../../../runtime/http/host-check.ts";

export function base(): Hono {
  const app = new Hono();
  app.onError((err, c) => { const r = httpError(err); return c.json(r.body, r.status); });
  app.notFound((c) => c.json({ error: `no such endpoint ${c.req.method} ${c.req.path}` }, 404));
  app.get("/health", (c) => c.json({ status: "ok" }));
  return app;
}

export const body = async <T>(c: { req: { json(): Promise<unknown> } }): Promise<T> => {
  let b: unknown;
  try { b = await c.req.json(); } catch { throw new UserError("the body must be JSON"); }
  // JSON null, a number or a list parse too: the routes read fields, so only an object will do.
  if (b === null || typeof b !== "object" || Array.isArray(b)) throw new UserError("the body must be a JSON object");
  return b as T;
};

export function agentApp(ex: LocalExecutor, isAgent: (name: string) => boolean): Hono {
  const app = base();
  const req = async (c: { req: { json(): Promise<unknown> } }): Promise<CallRequest> => {
    const r = await body<CallRequest>(c);
    if (!r || typeof r.agent !== "string" || !isAgent(r.agent)) throw new UserError(`"${r?.agent}" is not a declared agent`);
    if (typeof r.tool !== "string") throw new UserError("tool must be a string");
    return { agent: r.agent, tool: r.tool, input: r.input, why: r.why ?? { reason: "" }, ...(r.propose === true ? { propose: true } : {}) };
  };
  mountViews(app, ex);
  app.get("/v1/tools", async (c) => c.json(await ex.tools()));
  app.post("/v1/preview", async (c) => c.json(await ex.preview(await req(c))));
  app.post("/v1/call", async (c) => c.json(await ex.call(await req(c))));
  app.post("/v1/record", async (c) => {
    const r = await body<{ kind: string; actor: string; subject: string; data: unknown; memory?: string }>(c);
    if (!/^(decision(\.[a-z_]+)?|incident\.[a-z_]+|agent\.[a-z_]+)$/.test(String(r.kind))) throw new UserError(`agents may record decisions and incident changes, not "${r.kind}"`);
    if (!String(r.actor).startsWith("agent:")) throw new UserError("the actor of an agent's record is agent:<name>");
    return c.json(await ex.record({ kind: r.kind, actor: r.actor, subject: String(r.subject), data: r.data, memory: typeof r.memory === "string" ? r.memory.slice(0, 2000) : undefined }));
  });
  app.get("/v1/approvals/:id", async (c) => c.json(await ex.approval(c.req.param("id"))));
  app.post("/v1/rollback", async (c) => {
    const r = await body<{ agent: string; snapshotId: string; reason: string }>(c);
    if (!isAgent(r.agent)) throw new UserError(`"${r.agent}" is not a declared agent`);
    return c.json(await ex.rollback(r.agent, String(r.snapshotId), String(r.reason ?? "")));
  });
  app.get("/v1/autonomy", async (c) => c.json({ autonomy: await ex.autonomy() }));
  app.post("/v1/remember", async (c) => {
    const r = await body<{ title: string; body: string; tags: string[] }>(c);
    await ex.remember(String(r.title).slice(0, 200), String(r.body).slice(0, 4000), Array.isArray(r.tags) ? r.tags.map(String) : []);
    return c.json({ ok: true });
  });
  app.post("/v1/read", async (c) => {
    const r = await body<{ argv: string[]; timeoutMs?: number }>(c);
    if (!Array.isArray(r.argv) || !r.argv.every((a) => typeof a === "string") || !isPrivilegedRead(r.argv)) throw new UserError(`not an allowed privileged read: ${JSON.stringify(r.argv)}`);
    const out = await realRunner.run(r.argv, { check: false, timeoutMs: Math.min(Number(r.timeoutMs) || 10_000, 30_000) });
    return c.json({ code: out.code, stdout: out.stdout, stderr: out.stderr, ms: out.ms });
  });
  // Read-only views of init for the unprivileged host, and its own readiness.
  app.get("/v1/status", async (c) => c.json(await control("GET", "/v1/status")));
  app.get("/v1/services/:id", async (c) => c.json(await control("GET", `/v1/services/${encodeURIComponent(c.req.param("id"))}`)));
  app.get("/v1/logs", async (c) => c.json(await control("GET", `/v1/logs?${new URL(c.req.url).searchParams}`)));
  app.post("/v1/notify", async (c) => {
    const r = await body<{ service: string; pid: number; status: string }>(c);
    if (r.service !== "agents") throw new UserError("only the agent host's readiness is relayed");
    return c.json(await control("POST", "/v1/notify", r));
  });
  return app;
}

export function adminApp(ex: LocalExecutor, isAgent: (name: string) => boolean, terminal: Omit<TerminalOptions, "audit"> = {}): Hono {
  const app = agentApp(ex, isAgent);
  app.post("/v1/approvals/:id/:verb{approve|reject}", async (c) => {
    const r = await body<{ who: string; note?: string; wait?: boolean }>(c);
    if (typeof r.who !== "string" || !r.who) throw new UserError("who approves must be named");
    const verb = c.req.param("verb") as "approve" | "reject";
    const d = ex.decide(c.req.param("id"), r.who, verb, r.note);
    const outcome = r.wait ? await d.running : undefined;
    return c.json({ approval: ex.sys.approvals.get(c.req.param("id")), outcome });
  });
  app.post("/v1/autonomy", async (c) => {
    const r = await body<{ value: string; who: string }>(c);
    return c.json({ autonomy: ex.setAutonomy(String(r.value), String(r.who ?? "user:root")) });
  });
  // The serial console's rescue menu: undo a change, reset the firewall, audited as the person.
  app.post("/v1/snapshots/:id/restore", async (c) => c.json(await restoreSnapshot(ex.sys.snapshots, ex.sys.audit, String((await body<{ who?: string }>(c)).who || "user:root"), c.req.param("id"))));
  app.post("/v1/firewall/reset", async (c) => c.json(await resetFirewall(ex.sys.runner, ex.sys.audit, String((await body<{ who?: string }>(c)).who || "user:root"))));
  mountTerminal(app, { audit: ex.sys.audit, ...terminal }); // a root shell for a person (the web console's /terminal)
  return app;
}

/**
 * Serves app on a unix socket with this mode, in this group when it exists (an unprivileged server
 * must be a member). `idleTimeout` 0 keeps a request open however long it runs (a change watched
 * through its settle period): on a unix socket server.timeout(req, 0) does not lift Bun's 10 s.
 */
export function serveOn(app: Hono, path: string, mode: number, group?: string, idleTimeout?: number): ReturnType<typeof Bun.serve> {
  rmSync(path, { force: true });
  const server = Bun.serve({ unix: path, fetch: checkHost(app.fetch), websocket, ...(idleTimeout === undefined ? {} : { idleTimeout }) } as Parameters<typeof Bun.serve>[0]);
  chmodSync(path, mode);
  const gid = group ? groupId(group) : undefined;
  if (gid !== undefined) chownSync(path, process.getuid?.() ?? 0, gid);
  return server;
}
