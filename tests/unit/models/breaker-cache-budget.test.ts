// Circuit breaker state machine, response cache TTL and eviction, and per-day budgets in SQLite.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../runtime/db/open.ts";
import { Budgets } from "../../../runtime/models/budget/budgets.ts";
import { CircuitBreaker } from "../../../runtime/models/breaker/circuit-breaker.ts";
import { ResponseCache } from "../../../runtime/models/cache/response-cache.ts";
import type { ModelResult } from "../../../runtime/models/model.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-budget-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result = (content: string): ModelResult => ({ output: { kind: "text", content }, tokens: { input: 1, output: 1 }, latencyMs: 1, costUsd: 0, model: { id: "m", tier: "local-small", provider: "local" } });

describe("circuit breaker", () => {
  it("opens after consecutive failures, lets one probe through after the cool-down, and closes on success", () => {
    let now = 0;
    const b = new CircuitBreaker("openai", { failureThreshold: 2, coolDownMs: 1000, now: () => now });
    b.failure("500");
    b.success();
    b.failure("500");
    expect(b.state).toBe("closed"); // not consecutive
    b.failure("500");
    expect(b.state).toBe("open");
    expect(b.allow()).toBe(false);
    expect(b.describe()).toMatch(/open after 2 consecutive failures \(last: 500\)/);
    now = 1000;
    expect(b.state).toBe("half-open");
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false); // only one probe
    b.failure("still down");
    expect(b.state).toBe("open");
    now = 2000;
    expect(b.allow()).toBe(true);
    b.success();
    expect(b.state).toBe("closed");
  });
});

describe("response cache", () => {
  it("expires entries after their TTL and keys on every part", () => {
    let now = 0;
    const c = new ResponseCache({ ttlMs: 100, now: () => now });
    const k = ResponseCache.key({ tier: "local-small", model: "m", promptHash: "p", schemaHash: "s" });
    expect(ResponseCache.key({ tier: "remote", model: "m", promptHash: "p", schemaHash: "s" })).not.toBe(k);
    c.set(k, result("a"));
    expect(c.get(k)?.output).toEqual({ kind: "text", content: "a" });
    now = 100;
    expect(c.get(k)).toBeUndefined();
    expect([c.hits, c.misses]).toEqual([1, 1]);
  });

  it("never stores don't-know, and evicts the least recently used", () => {
    const c = new ResponseCache({ ttlMs: 1000, maxEntries: 2 });
    c.set("u", { ...result(""), output: { kind: "unknown", reason: "x" } });
    expect(c.size).toBe(0);
    c.set("a", result("a"));
    c.set("b", result("b"));
    c.get("a");
    c.set("c", result("c"));
    expect(c.get("b")).toBeUndefined();
    expect(c.get("a")).toBeDefined();
  });
});

describe("budgets", () => {
  it("counts per tier and agent per UTC day, and survives reopening", () => {
    const path = join(dir, "aios.db");
    let now = Date.parse("2026-11-21T10:00:00Z");
    const limits = { tiers: { remote: { tokensPerDay: 1000, usdPerDay: 1 } }, defaultAgent: { tokensPerDay: 600 } };
    const b = new Budgets(openDatabase(path), limits, () => now);
    b.record("netd", "remote", 500, 0.5);
    expect(b.check("netd", "remote", { tokens: 100, usd: 0.1 })).toEqual({ ok: true });
    const v = b.check("netd", "remote", { tokens: 200, usd: 0.1 });
    expect(v).toEqual({ ok: false, reason: "agent netd token budget: 500 used + ~200 needed > 600 per day" });
    const money = b.check("other", "remote", { tokens: 1, usd: 0.6 });
    expect(money.ok ? "" : money.reason).toMatch(/tier remote money budget: \$0\.5000 used/);
    const again = new Budgets(openDatabase(path), limits, () => now);
    expect(again.usage("tier:remote")).toEqual({ tokens: 500, usd: 0.5 });
    now += 24 * 3600_000;
    expect(again.usage("tier:remote")).toEqual({ tokens: 0, usd: 0 });
  });
});
