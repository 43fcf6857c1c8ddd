// The executor's socket for the web console (root:aios-web 0660). The web console runs as aios-web with
// no capabilities: it logs people in, and everything it did as root it asks for here. The socket says
// the caller is the web console; each request names the person (x-aios-who: user:web/<login>@<address>)
// and their role (x-aios-role), which this side checks again per route, and the audit chain records
// the person. Services are controlled through the registry as that person (lock-out guards, health
// checks, audit); snapshots and the firewall's ruleset go through it as the operator, as before.
import type { Context, Hono } from "hono";
import { isListener, readSockets, socketOwners } from "../../../runtime/proc/sockets.ts";
import { allows, isRole, type Role } from "../../../runtime/policy/people.ts";
import type { AgentPolicy } from "../../../runtime/policy/modes.ts";
import { OPERATOR_DEFAULT } from "../../../runtime/policy/agents.ts";
import { parseAgentPolicy } from "../../../runtime/policy/config.ts";
import { HUMAN } from "../../../runtime/models/model.ts";
import { errorMessage, UserError } from "../../../runtime/errors.ts";
import { updatePaths } from "../../../runtime/update/slots.ts";
import { updateStatus } from "../../../runtime/update/status.ts";
import type { CallOutcome } from "../../../tools/outcome.ts";
import { base, body } from "./server.ts";
import { mountTerminal, type TerminalOptions, WHO_HEADER } from "./terminal.ts";
import type { LocalExecutor } from "./local.ts";

export const ROLE_HEADER = "x-aios-role";
const WHO = /^user:web\/[A-Za-z0-9_.:-]{1,64}(@[0-9A-Fa-f.:]{1,64})?$/;
const SERVICE_VERBS = ["start", "stop", "restart", "enable", "disable"] as const;

/** A person at the web console, as the registry sees them: their own services verbs, nothing else. */
export const isWebPerson = (agent: string) => WHO.test(agent);
export function webPersonPolicy(agent: string): AgentPolicy {
  // A person's click is their decision (no approval of their own request); the lock-out guards still
  // refuse what would cut access, in every mode.
  return { agent, mode: "trusted", capabilities: ["svc.read", "svc.control"], allowlist: [], patterns: { confirm: [], dangerous: [] } };
}

/** The policy of a caller that is not a declared agent: a person at the web console, else the operator. */
export const peoplePolicy = (agent: string): AgentPolicy =>
  isWebPerson(agent) ? webPersonPolicy(agent) : parseAgentPolicy(agent, OPERATOR_DEFAULT, "(built-in operator policy)");

export interface Person { who: string; role: Role }

/** Who the request is for, or why it names nobody valid. */
export function personOf(headers: { get(name: string): string | null }): Person | string {
  const who = headers.get(WHO_HEADER) ?? "", role = headers.get(ROLE_HEADER) ?? "";
  if (!WHO.test(who)) return `every request names the person: ${WHO_HEADER}: user:web/<login>@<address>`;
  if (!isRole(role)) return `every request names the person's role: ${ROLE_HEADER}: viewer, operator or admin`;
  return { who, role };
}

/** The role a route needs: reading for viewers, changes for operators, autonomy and root shells for admins. */
export function roleNeeded(method: string, path: string): Role {
  if (path === "/v1/terminal" || (path === "/v1/autonomy" && method !== "GET")) return "admin";
  return method === "GET" ? "viewer" : "operator";
}

const person = (c: Context) => personOf(c.req.raw.headers) as Person; // checked by the middleware

/** Refusals are 403 with the reason, a call that ran and failed 409: the web passes both on. */
function answer(c: Context, out: CallOutcome) {
  if (out.status === "refused") return c.json({ ...out, error: out.reason }, out.blame === "input" ? 400 : 403);
  if (out.status === "failed" || out.status === "rolled_back") return c.json({ ...out, error: out.status === "failed" ? out.error : out.reason }, 409);
  return c.json(out);
}

export function webExecutorApp(ex: LocalExecutor, terminal: Omit<TerminalOptions, "audit"> = {}): Hono {
  const app = base();
  app.use("/v1/*", async (c, next) => {
    const p = personOf(c.req.raw.headers);
    if (typeof p === "string") return c.json({ error: p }, 400);
    const need = roleNeeded(c.req.method, c.req.path);
    if (!allows(p.role, need)) return c.json({ error: `${p.who} is a ${p.role}; ${c.req.method} ${c.req.path} needs ${need}` }, 403);
    await next();
  });
  const asOperator = (c: Context, tool: string, input: unknown) =>
    ex.call({ agent: "operator", tool, input, why: { reason: `asked at the web console by ${person(c).who}`, tier: HUMAN } });

  app.post(`/v1/services/:id/:verb{${SERVICE_VERBS.join("|")}}`, async (c) => answer(c, await ex.call({
    agent: person(c).who, tool: "services.control", input: { id: c.req.param("id"), action: c.req.param("verb") },
    why: { reason: "asked at the web console", tier: HUMAN },
  })));

  app.get("/v1/approvals", (c) => {
    const status = c.req.query("status") ?? "pending";
    if (status !== "pending" && status !== "all") throw new UserError(`status must be pending or all, not "${status}"`);
    return c.json({ approvals: ex.sys.approvals.list(status) });
  });
  app.post("/v1/approvals/:id/:verb{approve|reject}", async (c) => {
    const r = await body<{ note?: unknown; wait?: unknown }>(c);
    const d = ex.decide(c.req.param("id"), person(c).who, c.req.param("verb") as "approve" | "reject", typeof r.note === "string" ? r.note : undefined);
    const outcome = r.wait === true ? await d.running : undefined;
    return c.json({ approval: ex.sys.approvals.get(c.req.param("id")), outcome });
  });

  app.get("/v1/firewall", async (c) => {
    const owners = (() => { try { return socketOwners(); } catch { return new Map(); } })();
    const ports = readSockets().filter(isListener).map((s) => ({ proto: s.proto, address: s.local, port: s.port, process: owners.get(s.inode)?.comm ?? null }));
    const list = await asOperator(c, "firewall.list", {}).catch((e) => ({ status: "failed" as const, error: errorMessage(e) }));
    const error = list.status === "done" ? null : list.status === "failed" ? list.error : list.reason;
    return c.json({ ports, ruleset: list.status === "done" ? list.result : null, error });
  });
  // What runs and what boots next (aiosctl update status): root's, since a slot may be a partition to mount.
  app.get("/v1/update", async (c) => c.json(await updateStatus(updatePaths())));
  app.get("/v1/snapshots", async (c) => c.json(await asOperator(c, "snapshots.list", {})));
  app.post("/v1/snapshots", async (c) => {
    const r = await body<{ desc?: unknown }>(c);
    const desc = typeof r.desc === "string" && r.desc.trim() ? r.desc.trim() : `from the web console by ${person(c).who}`;
    return c.json(await asOperator(c, "snapshots.create", { desc }));
  });
  app.post("/v1/snapshots/:id/restore", async (c) => c.json(await asOperator(c, "snapshots.restore", { id: c.req.param("id") })));

  app.get("/v1/autonomy", async (c) => c.json({ autonomy: await ex.autonomy() }));
  app.post("/v1/autonomy", async (c) => c.json({ autonomy: ex.setAutonomy(String((await body<{ value?: unknown }>(c)).value), person(c).who) }));
  mountTerminal(app, { audit: ex.sys.audit, ...terminal }); // root shells stay here; the web only relays frames
  app.notFound((c) => c.json({ error: `the executor's web socket has no ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
