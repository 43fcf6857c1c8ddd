// Web console routes for the models area, mounted behind the console's auth by ../app.ts: the
// OpenAI-compatible /v1 API (models, chat completions JSON + SSE, embeddings) over the local model
// runtime's socket. A runtime that is down answers 503 with the reason (the /v1 app's error handler).
import type { Hono } from "hono";
import { createOpenAiApp } from "../../../runtime/models/api/openai-app.ts";
import { LocalGateway } from "../../../runtime/models/local/local-gateway.ts";
import { RuntimeClient } from "../../../runtime/models/local/runtime-client.ts";
import { setting } from "../../../runtime/config/settings.ts";

export const modelSocket = () => setting("model_socket");

export function mountModels(app: Hono, socketPath = modelSocket()): void {
  // A generation can be silent for longer than Bun's 10 s idle timeout: lift it for /v1 requests.
  app.use("/v1/*", async (c, next) => {
    const server = c.env as { timeout?: (req: Request, seconds: number) => void } | undefined;
    server?.timeout?.(c.req.raw, 0);
    await next();
  });
  app.route("/", createOpenAiApp(new LocalGateway(new RuntimeClient(socketPath))));
}
