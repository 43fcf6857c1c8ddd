// A model that answers from a script and fails the test on any call it was not scripted for.
import type { Model, ModelIdentity, ModelOutput, ModelRequest, ModelResult, Tier } from "../../../runtime/models/model.ts";

export type Step = ModelOutput | Error | ((req: ModelRequest) => ModelOutput | Error);

export class ScriptedModel implements Model {
  readonly identity: ModelIdentity;
  readonly calls: ModelRequest[] = [];
  constructor(tier: Tier, private readonly steps: Step[], id = `scripted-${tier}`, extra: Partial<ModelIdentity> & { confidence?: number; tokens?: number; costUsd?: number } = {}) {
    this.identity = { id, tier, provider: extra.provider ?? id, sha256: "ab".repeat(32), pricing: extra.pricing };
    this.extra = extra;
  }
  private readonly extra: { confidence?: number; tokens?: number; costUsd?: number };

  async generate(req: ModelRequest): Promise<ModelResult> {
    this.calls.push(req);
    const step = this.steps.shift();
    if (step === undefined) throw new Error(`${this.identity.id}: unexpected call #${this.calls.length}`);
    const out = typeof step === "function" ? step(req) : step;
    if (out instanceof Error) throw out;
    const t = this.extra.tokens ?? 10;
    return { output: out, tokens: { input: t, output: t }, latencyMs: 1, costUsd: this.extra.costUsd ?? 0, model: this.identity, confidence: this.extra.confidence };
  }
}

export const text = (content: string): ModelOutput => ({ kind: "text", content });
export const obj = (object: unknown): ModelOutput => ({ kind: "object", content: JSON.stringify(object), object });
export const dunno = (reason = "no idea"): ModelOutput => ({ kind: "unknown", reason });
