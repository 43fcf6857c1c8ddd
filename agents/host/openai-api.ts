// The OpenAI-compatible API (/v1/models, /v1/chat/completions, /v1/embeddings) on the agent host's
// socket, under /openai, through the host's own intelligence hierarchy. The web console runs as
// aios-web and cannot read secrets.toml (root's, 0600); the agent host can (dac_read_search). So the
// console relays its /v1 here (consoles/web/routes/models.ts): API callers get the cloud tiers the
// operator configured, budgets and the decision log are the host's, and the keys never leave this
// process.
//
// Model `aios` always answers: when no model tier can (none installed, runtime down, cloud failing),
// the front agent's reactive router takes the last user message, as chat does on a fresh appliance.
import type { Hono } from "hono";
import { HierarchyGateway, type ReactiveAnswer } from "../../runtime/models/api/hierarchy-gateway.ts";
import { createOpenAiApp } from "../../runtime/models/api/openai-app.ts";
import type { IntelligenceStack } from "../../runtime/models/index.ts";
import type { FrontAgent } from "../front/front.ts";

export const OPENAI_PREFIX = "/openai";
/** Who answered, in the completion's usage and the decision log: the front agent's rules. */
export const REACTIVE_MODEL = { id: "aios-reactive", tier: "reactive", provider: "reactive" } as const;

export function reactiveAnswer(front: Pick<FrontAgent, "answer">): ReactiveAnswer {
  return async (req, reason) => {
    const started = Date.now();
    const last = [...req.messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const a = last.trim() ? await front.answer({ text: last, who: "api" }) : undefined;
    const content = a?.text ?? `No model could take this request (${reason}), and the appliance's own rules do not know it. Ask "help" for what they answer without a model; an operator can add a GGUF model (aiosctl models) or a cloud key for free-form questions.`;
    return { output: { kind: "text", content }, tokens: { input: 0, output: 0 }, latencyMs: Date.now() - started, costUsd: 0, model: { ...REACTIVE_MODEL }, confidence: a?.confidence ?? 0 };
  };
}

export function mountOpenAi(app: Hono, intel: () => IntelligenceStack, front?: Pick<FrontAgent, "answer">): void {
  // A generation can be silent for longer than Bun's 10 s idle timeout: lift it for these requests.
  app.use(`${OPENAI_PREFIX}/v1/*`, async (c, next) => {
    const server = c.env as { timeout?: (req: Request, seconds: number) => void } | undefined;
    server?.timeout?.(c.req.raw, 0);
    await next();
  });
  app.route(OPENAI_PREFIX, createOpenAiApp(new HierarchyGateway({
    ask: (r) => intel().ask(r), status: () => intel().status(), embed: (i, m) => intel().embed(i, m),
    registry: { invalidate: () => intel().registry.invalidate() },
  }, "api", front && reactiveAnswer(front))));
}
