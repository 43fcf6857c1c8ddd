// The management web console (hono) over HTTPS: /health and /login without auth, /metrics behind the
// login unless metrics_public, everything else behind ./auth/guard.ts (a login's cookie or the Bearer
// token; roles; CSRF). One error handler turns typed errors into {error, hint} responses.
import { Hono } from "hono";
import { httpError } from "../../runtime/boundary.ts";
import { control, notifyReady, readSocket, type StatusReply } from "../../runtime/control/client.ts";
import { defaultDbPath, openDatabase } from "../../runtime/db/open.ts";
import { latestSample, type Sample } from "../../runtime/metrics/samples.ts";
import { withDegraded } from "../../runtime/health/degraded.ts";
import { mountPolicy } from "./routes/policy.ts";
import { mountModels } from "./routes/models.ts";
import { mountChat } from "./routes/chat.ts";
import { setting } from "../../runtime/config/settings.ts";
import { type Auth, createAuth, guard, identify } from "./auth/guard.ts";
import { mountLogin, mountSession } from "./auth/login.ts";
import { ensureCert } from "./tls/cert.ts";
import { redirectTo } from "./tls/redirect.ts";
import { mountMetrics } from "./metrics/index.ts";
import { mountEvents } from "./events/route.ts";
import type { EventHub } from "./events/hub.ts";
import { mountAssets } from "./assets/route.ts";
import { mountPages } from "./pages/index.ts";
import { mountServices } from "./routes/services.ts";
import { mountAgents } from "./routes/agents.ts";
import { mountSystem } from "./routes/system.ts";
import { mountTerminal } from "./terminal/index.ts";
import { websocket } from "../../agents/host/executor/websocket.ts";
import { checkHost } from "../../runtime/http/host-check.ts";

export interface WebDeps {
  /** The shared token, or a reader that follows `aiosctl web-token --rotate`. */
  token: string | (() => string);
  status: () => Promise<StatusReply>;
  sample: () => Sample | undefined;
  /** The /api/events ring (default: one fed by init, the audit log and the agents' incidents). */
  events?: EventHub;
  /** Sessions, users, login limits (default: from the settings and the state disk). */
  auth?: Auth;
}

export function realWebDeps(token: WebDeps["token"]): WebDeps {
  return {
    token,
    // The console runs as aios-web: init's root socket is closed to it, its read-only socket is not.
    status: () => control<StatusReply>("GET", "/v1/status", undefined, readSocket()),
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
  const token = deps.token;
  const auth = deps.auth ?? createAuth({ token: typeof token === "string" ? () => token : token });
  app.onError((err, c) => { const r = httpError(err); return c.json(r.body, r.status); });

  app.get("/health", async (c) => {
    const status = await deps.status().catch(() => undefined);
    const up = status?.services.filter((s) => ["ready", "done", "degraded"].includes(s.state)).length ?? 0;
    return c.json({ status: "ok", init: status ? "reachable" : "unreachable", uptime_s: status?.boot.uptime_s ?? null, services: { total: status?.services.length ?? 0, up } });
  });

  mountAssets(app); // before the guard: the login page uses the stylesheet
  mountLogin(app, auth);
  mountMetrics(app, { authorized: (c) => identify(auth, c) !== undefined, status: deps.status }); // before the guard: metrics_public may open it
  app.use("*", guard(auth));
  mountSession(app, auth);

  mountPages(app, deps);
  app.get("/api/status", async (c) => c.json({ ...withDegraded(await deps.status()), sample: deps.sample() ?? null }));
  mountPolicy(app);
  mountModels(app);
  mountChat(app);
  mountServices(app);
  mountAgents(app);
  mountSystem(app);
  mountEvents(app, deps.events);
  mountTerminal(app); // /terminal: a root shell through the executor (admins)
  app.notFound((c) => c.json({ error: `no such page ${c.req.path}` }, 404));
  return app;
}

export async function runWeb(): Promise<void> {
  const { tokenReader } = await import("./token.ts");
  const app = webApp(realWebDeps(tokenReader()));
  const cert = await ensureCert();
  if (cert.madeMs !== undefined) console.error(`web: made a self-signed certificate in ${Math.round(cert.madeMs)} ms`);
  console.error(`web: serving the ${cert.source} certificate ${cert.path}, SHA-256 ${cert.fingerprint}`);
  const port = Number(setting("web_port")), hostname = setting("web_bind"), redirect = Number(setting("web_redirect_port"));
  // Readiness by notification: a probe would have to know web.port and web.bind from config.toml.
  Bun.serve({ port, hostname, tls: { cert: cert.cert, key: cert.key }, fetch: checkHost(app.fetch), websocket });
  if (redirect) {
    try { Bun.serve({ port: redirect, hostname, fetch: redirectTo(port) }); } catch (err) { console.error(`web: no plain-HTTP redirect on ${redirect}: ${(err as Error).message}`); }
  }
  await notifyReady(readSocket()); // a service that runs as a user reports on the read-only socket
}
