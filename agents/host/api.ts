// The agent host's socket for the consoles: each agent's status, pause/resume, incidents, jobs, and one
// cycle on demand (so a person or a test need not wait for the interval).
import { Hono } from "hono";
import { NotFoundError, UserError } from "../../runtime/errors.ts";
import { httpError } from "../../runtime/boundary.ts";
import type { Scheduler } from "../scheduler/index.ts";
import type { AgentHost } from "./host.ts";
import { mountProvenance } from "../provenance/api.ts";
import { mountHostMetrics } from "./metrics-api.ts";

/** A ?limit= from 1 to 10000 (SQLite refuses NaN as a LIMIT with a bare "datatype mismatch"). */
export function limitOf(raw: string | undefined, def: number): number {
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UserError(`limit must be an integer from 1 to 10000, not "${raw.slice(0, 40)}"`);
  return n;
}

export function hostApp(host: AgentHost, scheduler?: Scheduler): Hono {
  const app = new Hono();
  app.onError((err, c) => { const r = httpError(err); return c.json(r.body, r.status); });
  app.notFound((c) => c.json({ error: `no such endpoint ${c.req.method} ${c.req.path}` }, 404));
  const known = (name: string) => {
    if (!host.status().some((a) => a.name === name)) throw new NotFoundError(`no agent "${name}"`, `known: ${host.status().map((a) => a.name).join(", ")}`);
    return name;
  };
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/v1/agents", (c) => c.json({ agents: host.status() }));
  app.post("/v1/agents/:name/:verb{pause|resume}", (c) => {
    const name = known(c.req.param("name"));
    host.pause(name, c.req.param("verb") === "pause");
    return c.json(host.status().find((a) => a.name === name));
  });
  app.post("/v1/agents/:name/cycle", async (c) => {
    const name = known(c.req.param("name"));
    if (!host.loops.has(name)) throw new UserError(`agent ${name} is not running`);
    return c.json(await host.cycleNow(name));
  });
  app.get("/v1/incidents", (c) => {
    const q = c.req.query();
    if (q.search) return c.json({ incidents: host.incidents.search(q.search) });
    return c.json({ incidents: host.incidents.list({ open: q.open === "1", agent: q.agent, limit: limitOf(q.limit, 50) }) });
  });
  app.get("/v1/incidents/:id", (c) => {
    const inc = host.incidents.get(Number(c.req.param("id")));
    if (!inc) throw new NotFoundError(`no incident ${c.req.param("id")}`);
    return c.json(inc);
  });
  mountHostMetrics(app, host);
  app.get("/v1/jobs", (c) => c.json({ jobs: scheduler?.list() ?? [] }));
  mountProvenance(app, host.incidents);
  return app;
}
