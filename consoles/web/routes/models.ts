// Web console routes for the models area, mounted behind the console's auth by ../app.ts: the
// OpenAI-compatible /v1 API (models, chat completions JSON + SSE, embeddings), relayed to the agent
// host, whose hierarchy has the local GGUFs, the configured remote models with their keys, and `aios`
// (the hierarchy picks). A runtime that is down answers 503 with the reason (the /v1 app's error handler).
// The models page's listing (webIntelligence) is the console's own: it needs no key.
import type { Hono } from "hono";
import { OPENAI_PREFIX } from "../../../agents/host/openai-api.ts";
import { agentPaths } from "../../../agents/host/paths.ts";
import { errorMessage } from "../../../runtime/errors.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { setting } from "../../../runtime/config/settings.ts";

export const modelSocket = () => setting("model_socket");

/** The hierarchy as the web console uses it: the shared runtime, the console's own decisions database. */
export const webIntelligence = (socketPath = modelSocket()): IntelligenceStack =>
  createIntelligence({ socketPath, spawnRuntime: false, dbPath: `${setting("web_state_dir")}/models.db` });

/**
 * /v1 relayed to the agent host's socket (agents/host/openai-api.ts), which runs the hierarchy with the
 * operator's cloud keys: this process (aios-web) cannot read secrets.toml, and should not. The body
 * streams back as it comes (SSE); a client that goes away aborts the host's generation too.
 */
export function mountModels(app: Hono, hostSocket = agentPaths.hostSocket()): void {
  // A generation can be silent for longer than Bun's 10 s idle timeout: lift it for /v1 requests.
  app.use("/v1/*", async (c, next) => {
    const server = c.env as { timeout?: (req: Request, seconds: number) => void } | undefined;
    server?.timeout?.(c.req.raw, 0);
    await next();
  });
  app.all("/v1/*", async (c) => {
    const url = new URL(c.req.url);
    const method = c.req.method;
    const body = method === "GET" || method === "HEAD" ? undefined : await c.req.arrayBuffer();
    let r: Response;
    try {
      r = await fetch(`http://agents${OPENAI_PREFIX}${url.pathname}${url.search}`, {
        method, body, unix: hostSocket, signal: c.req.raw.signal,
        headers: { "content-type": c.req.header("content-type") ?? "application/json" },
      } as RequestInit);
    } catch (err) {
      return c.json({ error: { message: `the agent host, which answers /v1, is not reachable: ${errorMessage(err)}`, type: "unavailable", hint: "aiosctl status agents" } }, 503);
    }
    const headers = new Headers();
    for (const h of ["content-type", "cache-control"]) { const v = r.headers.get(h); if (v) headers.set(h, v); }
    return new Response(r.body, { status: r.status, headers });
  });
}
