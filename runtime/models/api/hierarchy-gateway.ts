// The /v1 API's model side, through the intelligence hierarchy: every completion is a decision (budgets,
// response cache, circuit breakers, decision log), local GGUFs and configured remote models alike.
// Model `aios` lets the hierarchy pick; any other id pins that one model.
import { NotFoundError, UserError } from "../../errors.ts";
import { ModelUnavailableError } from "../errors.ts";
import type { Decision, DecisionRequest } from "../hierarchy/provenance.ts";
import type { IntelligenceStack } from "../index.ts";
import type { ModelRequest, ModelResult, StreamEvent } from "../model.ts";
import type { GatewayModel, ModelGateway } from "./gateway.ts";

/** The model id meaning "the hierarchy picks" ([policy.api] in models.toml sets which tiers). */
export const HIERARCHY_MODEL = "aios";
/** Decision type of /v1 completions. */
export const API_DECISION = "api";
/** An API client waits for its answer (its own HTTP timeout governs): a local model's first load under
 *  emulation takes 20–40 s, past the 30 s an agent's decision may wait on the small tier. */
export const API_TIMEOUT_MS = 180_000;

/**
 * Answers a request for model `aios` when no model tier could (none installed, runtime down, all
 * failing): the appliance's own rules, which know the common requests and say plainly when they do not.
 * `reason` says why the model tiers could not answer.
 */
export type ReactiveAnswer = (req: ModelRequest, reason: string) => Promise<ModelResult>;

export class HierarchyGateway implements ModelGateway {
  constructor(
    private readonly stack: Pick<IntelligenceStack, "ask" | "status" | "embed"> & { registry?: { invalidate(): void } },
    private readonly agent = "api",
    private readonly reactive?: ReactiveAnswer,
  ) {}

  /** Every model. Without the reactive answer, a 503 with the reason when the local runtime is down and
   *  no remote model is configured; with it, `aios` is always there. */
  async listModels(): Promise<GatewayModel[]> {
    const s = await this.stack.status();
    const down = s.localRuntime !== "running" && !s.models.length;
    if (down && !this.reactive) throw new ModelUnavailableError(`model runtime is ${s.localRuntime}`, "it is restarted by the system; `aiosctl logs models` says why it is down");
    return [
      { id: HIERARCHY_MODEL, tier: "hierarchy", status: "available", ownedBy: "aios", reason: down ? `reactive tier only: model runtime is ${s.localRuntime}` : undefined },
      ...s.models.map((m) => ({ id: m.tier === "remote" ? `${m.provider}/${m.id}` : m.id, tier: m.tier, status: m.status, reason: m.reason, ownedBy: m.provider === "local" ? "aios-local" : m.provider })),
    ];
  }

  private async decide(model: string, req: ModelRequest, onText?: (t: string) => void): Promise<Decision> {
    const r: DecisionRequest = { timeoutMs: API_TIMEOUT_MS, ...req, type: API_DECISION, agent: this.agent, onText, ...(model === HIERARCHY_MODEL ? {} : { model }) };
    try {
      return await this.stack.ask(r);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      // Not usable now: say why (quarantined, runtime down), or look again if the model just arrived.
      const m = (await this.listModels()).find((x) => x.id === model);
      if (m && m.status !== "available" && m.status !== "loaded") throw new ModelUnavailableError(`model ${model} is ${m.status}: ${m.reason ?? "unusable"}`);
      if (!m || !this.stack.registry) throw err;
      this.stack.registry.invalidate();
      return this.stack.ask(r);
    }
  }

  async complete(model: string, req: ModelRequest): Promise<ModelResult> {
    try {
      return toResult(await this.decide(model, req));
    } catch (err) {
      const fallback = this.fallbackFor(model, err, req);
      if (!fallback) throw err;
      return fallback(req, (err as Error).message);
    }
  }

  /** The reactive answer, for `aios` when the model tiers could not answer (none installed, runtime
   *  down, failing, over budget, too slow); a bad request stays the caller's error. */
  private fallbackFor(model: string, err: unknown, req: ModelRequest): ReactiveAnswer | undefined {
    if (model !== HIERARCHY_MODEL || req.signal?.aborted) return undefined;
    return err instanceof UserError || err instanceof NotFoundError ? undefined : this.reactive;
  }

  async *stream(model: string, req: ModelRequest): AsyncGenerator<StreamEvent> {
    const queue: StreamEvent[] = [];
    let wake: (() => void) | undefined;
    let settled = false;
    let failure: unknown;
    let streamed = false;
    const push = (ev: StreamEvent) => { queue.push(ev); wake?.(); };
    void this.decide(model, req, (text) => { streamed = true; push({ type: "text", text }); })
      .then((d) => {
        const result = toResult(d);
        // A cached or non-streaming answer arrives whole: send its text as one piece.
        if (!streamed && result.output.kind === "text") push({ type: "text", text: result.output.content });
        push({ type: "done", result });
      })
      .catch((err) => { failure = err; }) // toResult's refusal too, not only the decision's
      .finally(() => { settled = true; wake?.(); });
    for (;;) {
      if (queue.length) { yield queue.shift()!; continue; }
      if (settled) break;
      await new Promise<void>((r) => { wake = r; });
      wake = undefined;
    }
    if (failure) {
      const fallback = streamed ? undefined : this.fallbackFor(model, failure, req);
      if (!fallback) throw failure;
      const result = await fallback(req, (failure as Error).message);
      if (result.output.kind === "text") yield { type: "text", text: result.output.content };
      yield { type: "done", result };
    }
  }

  async embed(model: string, input: string[]) {
    const r = await this.stack.embed(input, model === HIERARCHY_MODEL ? undefined : model);
    return { vectors: r.vectors, tokens: r.tokens };
  }
}

/** A decision as one model result: the answer, what every attempt cost, who answered. */
export function toResult(d: Decision): ModelResult {
  if (d.outcome !== "answered" || d.output.kind === "unknown") {
    const tried = d.attempts.map((a) => `${a.tier}: ${a.outcome}${a.reason ? ` (${a.reason})` : ""}`).join("; ");
    throw new ModelUnavailableError(`no tier could answer: ${d.degraded ?? tried}`, "GET /v1/models shows each model's state");
  }
  const chosen = [...d.attempts].reverse().find((a) => a.outcome === "answered")!;
  return {
    output: d.output,
    tokens: d.attempts.reduce((t, a) => ({ input: t.input + a.tokens.input, output: t.output + a.tokens.output }), { input: 0, output: 0 }),
    latencyMs: d.latencyMs, costUsd: d.totalCostUsd,
    model: { id: chosen.modelId, tier: chosen.tier, provider: chosen.provider, sha256: chosen.modelSha256 },
    confidence: d.confidence,
  };
}
