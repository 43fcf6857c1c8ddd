// The reactive tier: hand-written rule sets per decision type. Instant, free and predictable; when no
// rule fits it says "don't know" instead of guessing, which is what lets the hierarchy escalate.
import type { Model, ModelIdentity, ModelOutput, ModelRequest, ModelResult } from "../model.ts";

export interface Rule {
  name: string;
  /** Reads structured facts (and, if it must, the last user message). */
  when(facts: Record<string, unknown>, req: ModelRequest): boolean;
  /** An object for structured decisions, a string for text, or a function call. */
  answer(facts: Record<string, unknown>, req: ModelRequest): ModelOutput | unknown;
  confidence?: number;
}

export type RuleSets = Record<string, readonly Rule[]>;

const isOutput = (v: unknown): v is ModelOutput =>
  !!v && typeof v === "object" && "kind" in v && ["text", "object", "function", "unknown"].includes(String((v as { kind: unknown }).kind));

export class ReactiveModel implements Model {
  readonly identity: ModelIdentity = { id: "rules", tier: "reactive", provider: "reactive" };
  constructor(private readonly ruleSets: RuleSets) {}

  async generate(req: ModelRequest): Promise<ModelResult> {
    const started = performance.now();
    const facts = req.facts ?? {};
    const rules = req.decisionType ? this.ruleSets[req.decisionType] ?? [] : [];
    const rule = rules.find((r) => r.when(facts, req));
    let output: ModelOutput;
    if (!rule) output = { kind: "unknown", reason: req.decisionType ? `no rule for this ${req.decisionType} case` : "no decision type given" };
    else {
      const answer = rule.answer(facts, req);
      output = isOutput(answer) ? answer
        : typeof answer === "string" ? { kind: "text", content: answer }
        : { kind: "object", content: JSON.stringify(answer), object: answer };
    }
    return {
      output,
      tokens: { input: 0, output: 0 },
      latencyMs: performance.now() - started,
      costUsd: 0,
      model: { ...this.identity, id: rule ? `rules/${req.decisionType}/${rule.name}` : "rules" },
      confidence: rule ? rule.confidence ?? 1 : undefined,
    };
  }
}
