// OpenAI-compatible HTTP API of the appliance: GET /v1/models, POST /v1/chat/completions (JSON or SSE)
// and POST /v1/embeddings, as a Hono app to mount in the web console. One error handler turns typed
// errors into OpenAI-shaped error bodies.
import { Hono } from "hono";
import { AiosError, UserError } from "../../errors.ts";
import { httpStatusOf } from "../errors.ts";
import type { ModelGateway } from "./gateway.ts";
import { toModelRequest, type ChatCompletionBody } from "./openai-request.ts";
import { completionBody, primed, streamCompletion } from "./openai-response.ts";

export function createOpenAiApp(gateway: ModelGateway): Hono {
  const app = new Hono();

  app.get("/v1/models", async (c) => {
    const models = await gateway.listModels();
    return c.json({
      object: "list",
      data: models.map((m) => ({ id: m.id, object: "model", created: 0, owned_by: m.ownedBy, aios: { tier: m.tier, status: m.status, reason: m.reason } })),
    });
  });

  app.post("/v1/chat/completions", async (c) => {
    const body = await c.req.json<ChatCompletionBody>().catch(() => { throw new UserError("request body is not JSON"); });
    const req = toModelRequest(body, c.req.raw.signal);
    if (body.stream) return streamCompletion(body, await primed(gateway.stream(body.model, req)));
    return c.json(completionBody(body, await gateway.complete(body.model, req)));
  });

  app.post("/v1/embeddings", async (c) => {
    const body = await c.req.json<{ model?: string; input?: string | string[] }>().catch(() => { throw new UserError("request body is not JSON"); });
    if (!body.model) throw new UserError("embeddings need a model", "GET /v1/models lists them");
    const input = typeof body.input === "string" ? [body.input] : body.input;
    if (!Array.isArray(input) || input.some((s) => typeof s !== "string")) throw new UserError("input must be a string or an array of strings");
    const r = await gateway.embed(body.model, input);
    return c.json({
      object: "list", model: body.model,
      data: r.vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
      usage: { prompt_tokens: r.tokens, total_tokens: r.tokens },
    });
  });

  app.onError((err, c) => {
    const status = httpStatusOf(err);
    const type = status === 400 || status === 404 ? "invalid_request_error" : status === 429 ? "rate_limit_error" : "server_error";
    return c.json({ error: { message: err.message, type, code: err instanceof AiosError ? err.name : null, hint: err instanceof AiosError ? err.hint : undefined, param: null } }, status);
  });
  return app;
}
