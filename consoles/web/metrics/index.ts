// GET /metrics in Prometheus' text format: host metrics under node_exporter's names and aios_* from
// init, the agent host, the model runtime and the audit log. Behind the console's login or token unless the
// operator sets metrics_public; mounted before the console's auth middleware so that switch works.
import type { Context, Hono } from "hono";
import type { StatusReply } from "../../../runtime/control/client.ts";
import { setting } from "../../../runtime/config/settings.ts";
import { RuntimeClient } from "../../../runtime/models/local/runtime-client.ts";
import { hostRequest } from "../../../agents/host/client.ts";
import type { HostMetrics } from "../../../agents/host/metrics-api.ts";
import { AUTH_HINT } from "../auth/guard.ts";
import { agentSource } from "./agents.ts";
import { auditSource } from "./audit.ts";
import { hostSources } from "./host.ts";
import { modelSource } from "./models.ts";
import { scrape, type Source } from "./scrape.ts";
import { serviceSource } from "./services.ts";

export interface MetricsOptions {
  /** True for a request with the token or a live login (the console's own rule). */
  authorized: (c: Context) => boolean;
  status: () => Promise<StatusReply>;
  /** Default: every real source (tests and the benchmark may pass their own). */
  sources?: Source[];
  isPublic?: () => boolean;
}

export function applianceSources(status: () => Promise<StatusReply>, proc = "/proc"): Source[] {
  return [
    ...hostSources(proc),
    serviceSource(status),
    agentSource(() => hostRequest<HostMetrics>("GET", "/v1/metrics")),
    modelSource(new RuntimeClient(setting("model_socket"))),
    auditSource(),
  ];
}

export function mountMetrics(app: Hono, o: MetricsOptions): void {
  const sources = o.sources ?? applianceSources(o.status);
  const isPublic = o.isPublic ?? (() => setting("metrics_public") === "true");
  app.get("/metrics", async (c) => {
    if (!isPublic() && !o.authorized(c)) return c.json({ error: "authentication required", hint: `${AUTH_HINT}; or set AIOS_METRICS_PUBLIC=true` }, 401);
    const r = await scrape(sources);
    return c.body(r.text, 200, { "content-type": r.contentType });
  });
}
