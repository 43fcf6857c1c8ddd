// The operator's reactive rules: a few questions answered from facts with no model; the rest "don't know".
import { describe, expect, it } from "vitest";
import { ReactiveModel } from "../../../runtime/models/reactive/reactive-model.ts";
import { QUESTION_RULES } from "../../../runtime/models/reactive/questions.ts";

const rules = new ReactiveModel({ question: QUESTION_RULES });
const ask = (q: string, facts: Record<string, unknown> = {}) => rules.generate({ decisionType: "question", messages: [{ role: "user", content: q }], facts });

describe("question rules", () => {
  it("answers which models are installed, from the facts", async () => {
    expect((await ask("which models are installed?", { models: [], modelsDir: "/m" })).output).toEqual({ kind: "text", content: "No model is installed: put a GGUF file in /m." });
    expect((await ask("what models do you have", { models: [{ id: "tiny", tier: "local-small", status: "loaded" }] })).output).toEqual({ kind: "text", content: "Models: tiny (local-small, loaded)." });
  });

  it("answers help and the time; says don't know otherwise", async () => {
    expect((await ask("help")).output.kind).toBe("text");
    expect((await ask("what time is it?", { now: Date.UTC(2026, 0, 2, 3, 4, 5) })).output).toEqual({ kind: "text", content: "It is 2026-01-02 03:04:05 UTC." });
    expect((await ask("how is the disk?")).output).toMatchObject({ kind: "unknown" });
  });
});
