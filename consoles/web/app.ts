// The management web console (hono): /health without auth, everything else behind the token.
// One error handler turns typed errors into {error, hint} responses with the right status.
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { AiosError, NotFoundError, UserError } from "../../runtime/errors.ts";
import { control, notifyReady, type StatusReply } from "../../runtime/control/client.ts";
import { defaultDbPath, openDatabase } from "../../runtime/db/open.ts";
import { latestSample, type Sample } from "../../runtime/metrics/samples.ts";
import { statusPage } from "./status-page.ts";
import { mountPolicy } from "./routes/policy.ts";
import { mountModels } from "./routes/models.ts";
import { mountChat } from "./routes/chat.ts";
import { setting } from "../../runtime/config/settings.ts";
import { startSession } from "./session.ts";
import { AUTH_HINT, authorized } from "./auth.ts";
import { mountMetrics } from "./metrics/index.ts";
import { mountEvents } from "./events/route.ts";
import type { EventHub } from "./events/hub.ts";

export interface WebDeps {
  token: string;
  status: () => Promise<StatusReply>;
  sample: () => Sample | undefined;
  /** The /api/events ring (default: one fed by init, the audit log and the agents' incidents). */
  events?: EventHub;
}

export function realWebDeps(token: string): WebDeps {
  return {
    token,
    status: () => control<StatusReply>("GET", "/v1/status"),
    sample: () => {
      try {
        const db = openDatabase(defaultDbPath(), { readonly: true });
        try { return latestSample(db); } finally { db.close(); }
      } catch { return undefined; }
    },
  };
}

export function webApp(deps: WebDeps): Hono {
  const app = new Hono();
  app.onError((err, c) => {
    const status = err instanceof NotFoundError ? 404 : err instanceof UserError ? 400 : 500;
    return c.json({ error: err.message, hint: err instanceof AiosError ? err.hint : undefined }, status);
  });

  app.get("/health", async (c) => {
    const status = await deps.status().catch(() => undefined);
    const up = status?.services.filter((s) => ["ready", "done", "degraded"].includes(s.state)).length ?? 0;
    return c.json({ status: "ok", init: status ? "reachable" : "unreachable", uptime_s: status?.boot.uptime_s ?? null, services: { total: status?.services.length ?? 0, up } });
  });

  app.get("/login", (c) => {
    if (c.req.query("token") !== deps.token) return c.text("wrong token: get it with `aiosctl web-token` over ssh, or /web on the serial console\n", 401);
    setCookie(c, "aios_token", deps.token, { httpOnly: true, sameSite: "Strict", path: "/" });
    startSession(c);
    return c.redirect("/");
  });

  mountMetrics(app, { token: deps.token, status: deps.status }); // before the middleware: metrics_public may open it
  app.use("*", async (c, next) => authorized(c, deps.token) ? next() : c.json({ error: "authentication required", hint: AUTH_HINT }, 401));

  app.get("/", async (c) => {
    const status = await deps.status().catch((e: Error) => e);
    return c.html(statusPage(status instanceof Error ? undefined : status, deps.sample(), status instanceof Error ? status.message : undefined));
  });
  app.get("/api/status", async (c) => c.json({ ...(await deps.status()), sample: deps.sample() ?? null }));
  mountPolicy(app);
  mountModels(app);
  mountChat(app);
  mountEvents(app, deps.events);
  app.notFound((c) => c.json({ error: `no such page ${c.req.path}` }, 404));
  return app;
}

export async function runWeb(): Promise<void> {
  const { webToken } = await import("./token.ts");
  const app = webApp(realWebDeps(webToken()));
  // Readiness by notification: a probe would have to know web.port and web.bind from config.toml.
  Bun.serve({ port: Number(setting("web_port")), hostname: setting("web_bind"), fetch: app.fetch });
  await notifyReady();
}
