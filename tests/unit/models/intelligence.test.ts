// The escalation policy, budgets, cache and breakers working together in the hierarchy, with scripted
// models standing in for tiers so each path is exact.
import { describe, expect, it } from "vitest";
import { ModelBehaviorError, TimeoutError, UserError } from "../../../runtime/errors.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { Budgets } from "../../../runtime/models/budget/budgets.ts";
import { Breakers } from "../../../runtime/models/breaker/circuit-breaker.ts";
import { ProviderError } from "../../../runtime/models/errors.ts";
import { Intelligence, staticRegistry } from "../../../runtime/models/hierarchy/intelligence.ts";
import type { DecisionRequest } from "../../../runtime/models/hierarchy/provenance.ts";
import type { Model } from "../../../runtime/models/model.ts";
import { ReactiveModel } from "../../../runtime/models/reactive/reactive-model.ts";
import { dunno, obj, ScriptedModel, text } from "./scripted-model.ts";

const rules = new ReactiveModel({
  disk: [{ name: "full", when: (f) => Number(f.usedPct) >= 95, answer: () => ({ action: "clean" }) }],
});
const req = (extra: Partial<DecisionRequest> = {}): DecisionRequest => ({
  type: "disk", agent: "storaged", messages: [{ role: "user", content: "disk at 80%, act?" }], facts: { usedPct: 80 }, ...extra,
});
const hierarchy = (models: Model[], extra: Partial<ConstructorParameters<typeof Intelligence>[0]> = {}) =>
  new Intelligence({ registry: staticRegistry(models), policies: { "*": { highest: "remote" } }, ...extra });

describe("intelligence hierarchy", () => {
  it("answers from the reactive tier when a rule fits, touching no model", async () => {
    const small = new ScriptedModel("local-small", []);
    const d = await hierarchy([rules, small]).ask(req({ facts: { usedPct: 97 } }));
    expect(d).toMatchObject({ outcome: "answered", tier: "reactive", output: { kind: "object", object: { action: "clean" } } });
    expect(d.attempts).toHaveLength(1);
    expect(small.calls).toHaveLength(0);
  });

  it("escalates on don't know and records why, with provenance for each attempt", async () => {
    const small = new ScriptedModel("local-small", [text("clean /var/cache")]);
    const d = await hierarchy([rules, small]).ask(req());
    expect(d).toMatchObject({ outcome: "answered", tier: "local-small", modelId: "scripted-local-small" });
    expect(d.attempts[0]).toMatchObject({ tier: "reactive", outcome: "unknown" });
    expect(d.attempts[0]!.escalated).toMatch(/^unknown/);
    const a = d.attempts[1]!;
    expect(a).toMatchObject({ tier: "local-small", outcome: "answered", cacheHit: false, modelSha256: "ab".repeat(32), tokens: { input: 10, output: 10 } });
    expect(a.promptHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("re-asks once after invalid output, then escalates", async () => {
    const bad = new ModelBehaviorError("model output does not match the schema: $.action: required");
    const small = new ScriptedModel("local-small", [bad, bad]);
    const medium = new ScriptedModel("local-medium", [obj({ action: "wait" })]);
    const d = await hierarchy([rules, small, medium]).ask(req({ schema: { type: "object", properties: { action: { type: "string" } }, required: ["action"] } }));
    expect(small.calls).toHaveLength(2);
    expect(small.calls[1]!.messages.at(-1)!.content).toMatch(/previous answer was invalid/);
    expect(d.attempts.map((a) => a.outcome)).toEqual(["unknown", "invalid", "answered"]);
    expect(d.tier).toBe("local-medium");
  });

  it("escalates on low confidence and keeps the best low answer if nothing better comes", async () => {
    const small = new ScriptedModel("local-small", [obj({ action: "wait", confidence: 0.3 })]);
    const remote = new ScriptedModel("remote", [new ProviderError("openai answered HTTP 500: boom", 500)]);
    const d = await hierarchy([small, remote]).ask(req());
    expect(d.outcome).toBe("answered");
    expect(d.tier).toBe("local-small");
    expect(d.confidence).toBe(0.3);
    expect(d.degraded).toMatch(/low-confidence/);
    expect(d.attempts.filter((a) => a.modelId !== "-").map((a) => a.outcome)).toEqual(["low-confidence", "unavailable"]);
  });

  it("escalates on timeout, and stops where the policy says not to", async () => {
    const slow = () => new ScriptedModel("local-small", [new TimeoutError("model did not answer within 10 ms")]);
    const remote = new ScriptedModel("remote", [text("done remotely")]);
    expect((await hierarchy([slow(), remote]).ask(req())).tier).toBe("remote");
    const strict = hierarchy([slow(), new ScriptedModel("remote", [])], { policies: { disk: { highest: "remote", escalateOn: { timeout: false } } } });
    const d = await strict.ask(req());
    expect(d.outcome).toBe("unknown");
    expect(d.degraded).toMatch(/does not escalate on timeout/);
  });

  it("goes past a tier that is down and honours the highest allowed tier", async () => {
    const remote = new ScriptedModel("remote", [text("remote answer")]);
    const d = await hierarchy([rules, remote]).ask(req());
    expect(d.attempts.filter((a) => a.reason === "no model in this tier").map((a) => a.tier)).toEqual(["local-small", "local-medium", "local-large"]);
    expect(d.tier).toBe("remote");
    const capped = await hierarchy([rules, new ScriptedModel("remote", [])], { policies: { disk: { highest: "local-large" } } }).ask(req());
    expect(capped.outcome).toBe("unknown");
  });

  it("blocks a tier over budget before sending and falls back to the lower answer", async () => {
    const db = openDatabase(":memory:");
    const budgets = new Budgets(db, { tiers: { remote: { tokensPerDay: 100 } } });
    const small = new ScriptedModel("local-small", [obj({ action: "wait", confidence: 0.4 })]);
    const remote = new ScriptedModel("remote", []);
    const d = await hierarchy([small, remote], { budgets }).ask(req({ maxTokens: 500 }));
    expect(remote.calls).toHaveLength(0);
    expect(d.attempts.at(-1)).toMatchObject({ tier: "remote", outcome: "blocked" });
    expect(d.attempts.at(-1)!.reason).toMatch(/tier remote token budget: 0 used \+ ~\d+ needed > 100 per day/);
    expect(d).toMatchObject({ outcome: "answered", tier: "local-small" });
    expect(budgets.usage("agent:storaged").tokens).toBe(20);
  });

  it("blocks on an agent's money budget", async () => {
    const budgets = new Budgets(openDatabase(":memory:"), { agents: { storaged: { usdPerDay: 0.01 } } });
    const pricey = new ScriptedModel("remote", [text("a"), text("b")], "pricey", { costUsd: 0.0099, pricing: { inputPerMTok: 1, outputPerMTok: 1 } });
    const h = hierarchy([pricey], { budgets, policies: { "*": { highest: "remote", cacheTtlMs: 0 } } });
    expect((await h.ask(req())).outcome).toBe("answered");
    const d = await h.ask(req());
    expect(d.outcome).toBe("unknown");
    expect(d.degraded).toMatch(/agent storaged money budget/);
  });

  it("serves a repeated question from the cache and says so", async () => {
    const small = new ScriptedModel("local-small", [text("cached answer")]);
    const h = hierarchy([small]);
    await h.ask(req());
    const d = await h.ask(req());
    expect(small.calls).toHaveLength(1);
    expect(d.attempts.at(-1)).toMatchObject({ cacheHit: true, outcome: "answered", costUsd: 0 });
    expect(d.output).toEqual(text("cached answer"));
    // A different prompt is a miss: the model is asked again (and, unscripted, fails).
    const other = await h.ask(req({ messages: [{ role: "user", content: "something else" }] }));
    expect(small.calls).toHaveLength(2);
    expect(other.outcome).toBe("unknown");
  });

  it("opens the circuit after consecutive failures and skips the provider", async () => {
    const boom = () => new ProviderError("HTTP 500", 500);
    const remote = new ScriptedModel("remote", [boom(), boom()], "flaky");
    const backup = new ScriptedModel("remote", [text("1"), text("2"), text("3")], "backup");
    const h = hierarchy([remote, backup], { breakers: new Breakers({ failureThreshold: 2, coolDownMs: 60_000 }), policies: { "*": { highest: "remote", cacheTtlMs: 0 } } });
    await h.ask(req());
    await h.ask(req());
    const d = await h.ask(req());
    expect(remote.calls).toHaveLength(2);
    expect(d.attempts.find((a) => a.modelId === "flaky")!.reason).toMatch(/circuit open after 2 consecutive failures/);
    expect(d.modelId).toBe("backup");
  });

  it("hands the caller's own mistakes back instead of blaming the provider", async () => {
    const small = new ScriptedModel("local-small", [new UserError("the JSON schema cannot be turned into a grammar")]);
    const h = hierarchy([small]);
    await expect(h.ask(req())).rejects.toBeInstanceOf(UserError);
    expect(h.breakers.for("scripted-local-small").state).toBe("closed");
  });

  it("reports every decision to onDecision", async () => {
    const seen: string[] = [];
    await hierarchy([rules], { onDecision: (d) => seen.push(d.outcome), policies: { "*": { highest: "reactive" } } }).ask(req());
    expect(seen).toEqual(["unknown"]);
  });
});
