// Web console routes for the models area, mounted behind the console's auth by ../app.ts: the
// OpenAI-compatible /v1 API (models, chat completions JSON + SSE, embeddings) through the intelligence
// hierarchy — local GGUFs over the model runtime's socket, the configured remote models, and `aios`
// (the hierarchy picks). A runtime that is down answers 503 with the reason (the /v1 app's error handler).
// The console runs as aios-web: its decision log and budgets are its own database in its folder (the
// agent host keeps its own the same way); it reaches the runtime's socket as a member of aios-ipc.
import type { Hono } from "hono";
import { createOpenAiApp } from "../../../runtime/models/api/openai-app.ts";
import { HierarchyGateway } from "../../../runtime/models/api/hierarchy-gateway.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { setting } from "../../../runtime/config/settings.ts";

export const modelSocket = () => setting("model_socket");

/** The hierarchy as the web console uses it: the shared runtime, the console's own decisions database. */
export const webIntelligence = (socketPath = modelSocket()): IntelligenceStack =>
  createIntelligence({ socketPath, spawnRuntime: false, dbPath: `${setting("web_state_dir")}/models.db` });

export function mountModels(app: Hono, socketPath = modelSocket()): void {
  // A generation can be silent for longer than Bun's 10 s idle timeout: lift it for /v1 requests.
  app.use("/v1/*", async (c, next) => {
    const server = c.env as { timeout?: (req: Request, seconds: number) => void } | undefined;
    server?.timeout?.(c.req.raw, 0);
    await next();
  });
  // Built on first use, so a broken models.toml or secrets.toml fails /v1 requests (with the reason), not the console.
  let stack: IntelligenceStack | undefined;
  const s = () => (stack ??= webIntelligence(socketPath));
  app.route("/", createOpenAiApp(new HierarchyGateway({ ask: (r) => s().ask(r), status: () => s().status(), embed: (i, m) => s().embed(i, m), registry: { invalidate: () => s().registry.invalidate() } })));
}
