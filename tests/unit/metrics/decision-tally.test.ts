// The decision log's running totals for the agent host's /v1/metrics: counted once per row however
// often it is scraped, per tier and outcome, latency buckets, and tokens per model from each attempt.
import { describe, expect, it } from "vitest";
import { Database } from "bun:sqlite";
import { DecisionLog } from "../../../runtime/models/hierarchy/decision-log.ts";
import type { Attempt, Decision } from "../../../runtime/models/hierarchy/provenance.ts";
import { DecisionTally, LATENCY_BUCKETS } from "../../../agents/host/decision-tally.ts";

const attempt = (tier: Attempt["tier"], modelId: string, over: Partial<Attempt> = {}): Attempt => ({
  tier, modelId, provider: "local", promptHash: "p", schemaHash: "s", tokens: { input: 10, output: 4 }, costUsd: 0, latencyMs: 500, cacheHit: false, outcome: "answered", ...over,
});
const decision = (id: string, latencyMs: number, attempts: Attempt[], tier?: Attempt["tier"]): Decision => ({
  id, type: "disk.full", agent: "monitor", outcome: tier ? "answered" : "unknown", output: { text: "" } as never, tier, attempts, totalCostUsd: 0, latencyMs,
});

describe("decision tally", () => {
  it("counts each decision once, by tier and outcome, with latency buckets and per-model use", () => {
    const db = new Database(":memory:");
    const log = new DecisionLog(db);
    const tally = new DecisionTally(db);
    log.record(decision("d1", 0.2, [attempt("reactive", "rules/x", { tokens: { input: 0, output: 0 }, latencyMs: 0.2 })], "reactive"));
    log.record(decision("d2", 1500, [attempt("reactive", "rules/x", { outcome: "unknown", tokens: { input: 0, output: 0 } }), attempt("local-small", "tiny.gguf", { latencyMs: 1400 })], "local-small"));
    tally.update();
    log.record(decision("d3", 800, [attempt("local-small", "tiny.gguf", { cacheHit: true })], "local-small"));
    log.record(decision("d4", 3, []));
    tally.update();
    tally.update();
    expect([...tally.byOutcome.values()]).toEqual([
      { tier: "reactive", outcome: "answered", n: 1 },
      { tier: "local-small", outcome: "answered", n: 2 },
      { tier: "none", outcome: "unknown", n: 1 },
    ]);
    const small = tally.latency.get("local-small")!;
    expect(small.count).toBe(2);
    expect(small.sum).toBeCloseTo(2.3);
    expect(small.cumulative[LATENCY_BUCKETS.indexOf(1)]).toBe(1);
    expect(small.cumulative[LATENCY_BUCKETS.indexOf(2.5)]).toBe(2);
    expect(tally.latency.get("reactive")!.cumulative[0]).toBe(1);
    expect(tally.models.get("local-small\0tiny.gguf")).toEqual({ tier: "local-small", model: "tiny.gguf", input: 10, output: 4, seconds: 1.4, costUsd: 0, attempts: 2, cacheHits: 1 });
  });

  it("throws while there is no decision log yet (the endpoint names it missing)", () => {
    expect(() => new DecisionTally(new Database(":memory:")).update()).toThrow("no such table");
  });
});
