// The OpenAI-compatible API (/v1/models, /v1/chat/completions, /v1/embeddings) on the agent host's
// socket, under /openai, through the host's own intelligence hierarchy. The web console runs as
// aios-web and cannot read secrets.toml (root's, 0600); the agent host can (dac_read_search). So the
// console relays its /v1 here (consoles/web/routes/models.ts): API callers get the cloud tiers the
// operator configured, budgets and the decision log are the host's, and the keys never leave this
// process.
import type { Hono } from "hono";
import { HierarchyGateway } from "../../runtime/models/api/hierarchy-gateway.ts";
import { createOpenAiApp } from "../../runtime/models/api/openai-app.ts";
import type { IntelligenceStack } from "../../runtime/models/index.ts";

export const OPENAI_PREFIX = "/openai";

export function mountOpenAi(app: Hono, intel: () => IntelligenceStack): void {
  // A generation can be silent for longer than Bun's 10 s idle timeout: lift it for these requests.
  app.use(`${OPENAI_PREFIX}/v1/*`, async (c, next) => {
    const server = c.env as { timeout?: (req: Request, seconds: number) => void } | undefined;
    server?.timeout?.(c.req.raw, 0);
    await next();
  });
  app.route(OPENAI_PREFIX, createOpenAiApp(new HierarchyGateway({
    ask: (r) => intel().ask(r), status: () => intel().status(), embed: (i, m) => intel().embed(i, m),
    registry: { invalidate: () => intel().registry.invalidate() },
  })));
}
