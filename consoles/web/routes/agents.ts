// Web console routes for the agents area: each agent's state (the agent host), recent decisions with
// their tier (the audit chain), incidents (the host, or its database when the host is down) and the
// provenance of one (the host's /v1/explain/:ref).
import type { Hono } from "hono";
import { hostRequest, readIncidents } from "../../../agents/host/client.ts";
import { withAuditReadonly } from "../../../runtime/audit/read.ts";
import { errorMessage } from "../../../runtime/errors.ts";

export function mountAgents(app: Hono): void {
  app.get("/api/agents", async (c) => {
    const agents = await hostRequest<{ agents: unknown[] }>("GET", "/v1/agents").then((r) => ({ agents: r.agents }), (e) => ({ agents: [], error: errorMessage(e) }));
    const decisions = withAuditReadonly((log) => log.tail(200, "decision"), []);
    return c.json({ ...agents, decisions });
  });
  app.get("/api/incidents", async (c) => {
    const open = c.req.query("open") === "1";
    const r = await hostRequest<{ incidents: unknown[] }>("GET", `/v1/incidents?limit=100${open ? "&open=1" : ""}`)
      .catch(() => ({ incidents: readIncidents((s) => s.list({ open, limit: 100 })) }))
      .catch((e) => ({ incidents: [], error: errorMessage(e) }));
    return c.json(r);
  });
  app.get("/api/incidents/:id{[0-9]+}", async (c) => c.json(await hostRequest("GET", `/v1/incidents/${c.req.param("id")}`)));
  app.get("/api/explain/:ref", async (c) => c.json(await hostRequest("GET", `/v1/explain/${encodeURIComponent(c.req.param("ref"))}`)));
}
