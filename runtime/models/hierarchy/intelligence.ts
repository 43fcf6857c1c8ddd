// The intelligence hierarchy: asks the lowest allowed tier first and goes up only when the policy
// says so (invalid, don't know, low confidence, timeout, tier down). Budgets are checked before
// anything is sent; when a higher tier is blocked the decision falls back to what lower tiers said.
import { errorMessage, ModelBehaviorError, NotFoundError, TimeoutError, UserError } from "../../errors.ts";
import type { Budgets } from "../budget/budgets.ts";
import { estimateTokens } from "../budget/budgets.ts";
import { Breakers } from "../breaker/circuit-breaker.ts";
import { ResponseCache } from "../cache/response-cache.ts";
import { BudgetExceededError } from "../errors.ts";
import { promptHash, schemaHash } from "../hash.ts";
import type { Model, ModelRequest, ModelResult } from "../model.ts";
import { confidenceOf } from "../output/parse.ts";
import { policyFor, tiersBetween, type EscalationPolicy, type PolicyOverrides } from "./policy.ts";
import type { Attempt, Decision, DecisionRequest } from "./provenance.ts";

export interface ModelRegistry { models(): Promise<Model[]> }

export interface IntelligenceDeps {
  registry: ModelRegistry;
  policies?: PolicyOverrides;
  budgets?: Budgets;
  cache?: ResponseCache;
  breakers?: Breakers;
  /** Called with every finished decision and its request (decision log, audit). */
  onDecision?: (d: Decision, req: DecisionRequest) => void;
}

type Tried = { attempt: Attempt; result?: ModelResult };

/** Breakers are per provider for remote services, per model for local files (quarantine is per file). */
const breakerKey = (m: Model) => (m.identity.provider === "local" ? `local/${m.identity.id}` : m.identity.provider);
/** A model's public id: a local file's id, or provider/model for remote ones. */
export const publicId = (m: Model) => (m.identity.tier === "remote" ? `${m.identity.provider}/${m.identity.id}` : m.identity.id);

export class Intelligence {
  readonly breakers: Breakers;
  readonly cache: ResponseCache;
  private seq = 0;

  constructor(private readonly deps: IntelligenceDeps) {
    this.breakers = deps.breakers ?? new Breakers();
    this.cache = deps.cache ?? new ResponseCache({ ttlMs: 10 * 60_000 });
  }

  async ask(req: DecisionRequest): Promise<Decision> {
    const started = performance.now();
    const policy = policyFor(req.type, this.deps.policies);
    const hashes = { promptHash: promptHash(req), schemaHash: schemaHash(req) };
    const attempts: Attempt[] = [];
    let fallback: Tried | undefined;
    let stopped: string | undefined;
    let all = await this.deps.registry.models();
    let tiers = tiersBetween(policy.lowest, policy.highest);
    if (req.model !== undefined) {
      all = all.filter((m) => publicId(m) === req.model || m.identity.id === req.model);
      if (!all.length) throw new NotFoundError(`no usable model ${req.model}`, "GET /v1/models lists them");
      tiers = [all[0]!.identity.tier];
    }

    tiers: for (const [i, tier] of tiers.entries()) {
      const candidates = all.filter((m) => m.identity.tier === tier);
      if (!candidates.length) attempts.push(this.absent(tier, hashes));
      let why = "tier down: no usable model";
      for (const model of candidates) {
        const tried = await this.tryModel(model, { ...req, decisionType: req.type }, policy, hashes);
        const a = tried.attempt;
        attempts.push(a);
        if (a.outcome === "unavailable") continue; // the next model of the same tier may serve
        if (a.outcome === "answered") return this.finish(req, started, attempts, tried);
        if (a.outcome === "blocked") { stopped = a.reason; break tiers; }
        if (a.outcome === "low-confidence" && (a.confidence ?? 0) > (fallback?.attempt.confidence ?? -1)) fallback = tried;
        if (!escalates(a.outcome, policy)) { stopped = `policy for ${req.type} does not escalate on ${a.outcome}`; break tiers; }
        why = `${a.outcome}${a.reason ? `: ${a.reason}` : ""}`;
        break;
      }
      if (why.startsWith("tier down") && !policy.escalateOn.tierDown) { stopped = `tier ${tier} is down and policy for ${req.type} does not escalate past it`; break; }
      if (i < tiers.length - 1) attempts[attempts.length - 1]!.escalated = why;
    }
    const tried = attempts.map((a) => `${a.tier}: ${a.outcome}${a.reason ? ` (${a.reason})` : ""}`).join("; ");
    if (fallback) return this.finish(req, started, attempts, fallback, `kept a low-confidence answer; ${stopped ?? "no higher tier did better"}`);
    return this.finish(req, started, attempts, undefined, stopped ?? `no tier could answer: ${tried}`);
  }

  private absent(tier: Attempt["tier"], hashes: { promptHash: string; schemaHash: string }): Attempt {
    return { tier, modelId: "-", provider: "-", ...hashes, tokens: { input: 0, output: 0 }, costUsd: 0, latencyMs: 0, cacheHit: false, outcome: "unavailable", reason: "no model in this tier" };
  }

  private async tryModel(model: Model, req: ModelRequest, policy: EscalationPolicy, hashes: { promptHash: string; schemaHash: string }): Promise<Tried> {
    const { tier, id, sha256, provider, pricing } = model.identity;
    const attempt: Attempt = { tier, modelId: id, modelSha256: sha256, provider, ...hashes, tokens: { input: 0, output: 0 }, costUsd: 0, latencyMs: 0, cacheHit: false, outcome: "unavailable" };
    const started = performance.now();
    const breaker = this.breakers.for(breakerKey(model));
    const cacheKey = ResponseCache.key({ tier, model: id, ...hashes });
    // A sampled answer (temperature > 0) is one of many: neither served from the cache nor kept in it.
    const cacheable = policy.cacheTtlMs > 0 && !(req.temperature && req.temperature > 0);
    const cached = cacheable ? this.cache.get(cacheKey) : undefined;
    if (cached) return this.judge({ ...attempt, cacheHit: true, modelSha256: cached.model.sha256, latencyMs: performance.now() - started }, cached, policy);
    if (!breaker.allow()) return { attempt: { ...attempt, reason: `circuit ${breaker.describe()}` } };

    const maxTokens = req.maxTokens ?? 256;
    const estTokens = estimateTokens(JSON.stringify(req.messages).length, maxTokens);
    const estUsd = pricing ? (estTokens * pricing.inputPerMTok + maxTokens * pricing.outputPerMTok) / 1e6 : 0;
    const agent = (req as DecisionRequest).agent ?? "unknown";
    const verdict = this.deps.budgets?.check(agent, tier, { tokens: estTokens, usd: estUsd });
    if (verdict && !verdict.ok) return { attempt: { ...attempt, outcome: "blocked", reason: new BudgetExceededError(verdict.reason).message } };

    let messages = req.messages;
    for (let round = 0; ; round++) {
      try {
        const result = await generate(model, { ...req, messages, maxTokens, timeoutMs: req.timeoutMs ?? policy.timeoutMs[tier] }, (req as DecisionRequest).onText);
        breaker.success();
        this.deps.budgets?.record(agent, tier, result.tokens.input + result.tokens.output, result.costUsd);
        attempt.tokens.input += result.tokens.input;
        attempt.tokens.output += result.tokens.output;
        attempt.costUsd += result.costUsd;
        const judged = this.judge({ ...attempt, modelId: result.model.id, modelSha256: result.model.sha256 ?? sha256, latencyMs: performance.now() - started }, result, policy);
        if (judged.attempt.outcome === "answered" && cacheable) this.cache.set(cacheKey, result, policy.cacheTtlMs);
        return judged;
      } catch (err) {
        const latencyMs = performance.now() - started;
        if (err instanceof ModelBehaviorError) {
          if (round < policy.retriesPerTier) {
            messages = [...messages, { role: "user", content: `Your previous answer was invalid (${err.message}). Answer again, exactly in the requested format.` }];
            continue;
          }
          return { attempt: { ...attempt, outcome: "invalid", reason: err.message, latencyMs } };
        }
        // The caller's own mistake (a schema no grammar can express, a bad request) is not the
        // provider's failure: it goes back to the caller instead of tripping a breaker.
        if (err instanceof UserError) throw err;
        breaker.failure(errorMessage(err));
        if (err instanceof TimeoutError) return { attempt: { ...attempt, outcome: "timeout", reason: err.message, latencyMs } };
        return { attempt: { ...attempt, outcome: "unavailable", reason: errorMessage(err), latencyMs } };
      }
    }
  }

  private judge(attempt: Attempt, result: ModelResult, policy: EscalationPolicy): Tried {
    if (result.output.kind === "unknown") return { attempt: { ...attempt, outcome: "unknown", reason: result.output.reason }, result };
    const confidence = confidenceOf(result.output, result.confidence);
    const low = policy.escalateOn.lowConfidence !== undefined && confidence !== undefined && confidence < policy.escalateOn.lowConfidence;
    return { attempt: { ...attempt, confidence, outcome: low ? "low-confidence" : "answered", reason: low ? `confidence ${confidence} < ${policy.escalateOn.lowConfidence}` : undefined }, result };
  }

  private finish(req: DecisionRequest, started: number, attempts: Attempt[], chosen: Tried | undefined, degraded?: string): Decision {
    const answered = chosen?.result && chosen.result.output.kind !== "unknown";
    const decision: Decision = {
      id: `${Date.now().toString(36)}-${(this.seq++).toString(36)}`,
      type: req.type, agent: req.agent,
      outcome: answered ? "answered" : "unknown",
      output: answered ? chosen!.result!.output : { kind: "unknown", reason: degraded ?? "no answer" },
      tier: answered ? chosen!.attempt.tier : undefined,
      modelId: answered ? chosen!.attempt.modelId : undefined,
      confidence: chosen?.attempt.confidence,
      degraded,
      attempts,
      totalCostUsd: attempts.reduce((s, a) => s + a.costUsd, 0),
      latencyMs: performance.now() - started,
    };
    this.deps.onDecision?.(decision, req);
    return decision;
  }
}

function escalates(outcome: Attempt["outcome"], policy: EscalationPolicy): boolean {
  switch (outcome) {
    case "invalid": return policy.escalateOn.invalid;
    case "unknown": return policy.escalateOn.unknown;
    case "timeout": return policy.escalateOn.timeout;
    case "low-confidence": return true; // only reported when the policy sets a threshold
    default: return false;
  }
}

/** Streams when the caller wants text as it comes and the model can; the full result either way. */
async function generate(model: Model, req: ModelRequest, onText?: (text: string) => void): Promise<ModelResult> {
  if (!onText || !model.stream) return model.generate(req);
  for await (const ev of model.stream(req)) {
    if (ev.type === "text") onText(ev.text);
    else return ev.result;
  }
  throw new ModelBehaviorError(`${model.identity.id} ended its stream without a result`);
}

export const staticRegistry = (models: Model[]): ModelRegistry => ({ models: async () => models });
