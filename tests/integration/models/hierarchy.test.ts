// The whole hierarchy from config: rules, a real local runtime process on a generated model, and a
// remote OpenAI-compatible provider on loopback; escalation, provenance, budgets and the decision log.
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileSha256 } from "../../../runtime/models/hash.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { FakeProvider } from "./fake-provider.ts";
import { makeStateDir, VERDICT, type ModelFixture } from "./fixtures.ts";

const remote = new FakeProvider();
let fx: ModelFixture;
let stack: IntelligenceStack;
const schema = { type: "object", properties: { verdict: { enum: ["restart", "ignore"] }, confidence: { type: "number" } }, required: ["verdict", "confidence"] };
const ask = (type: string, facts: Record<string, unknown>, content = "unit nginx is degraded; what now?") =>
  stack.ask({ type, agent: "serviced", messages: [{ role: "user", content }], facts, schema, maxTokens: 64 });

beforeAll(() => {
  remote.start();
  remote.reply = { object: { verdict: "ignore", confidence: 0.99 } };
  fx = makeStateDir({
    only: ["scripted-verdict"],
    extraToml: [
      "[[remote]]", 'provider = "fake"', 'kind = "openai"', `base_url = "${remote.url}/v1"`, 'model = "fake-large"', "input_usd_per_mtok = 1", "output_usd_per_mtok = 2",
      // The remote's own deadline (not a per-request one, which would bind the local tier too and make
      // a loaded host's local answer time out): the slow mode below sleeps past it.
      "timeout_seconds = 1",
      // Estimates are prompt chars / 4 + max_tokens: ~79 for the first remote ask; after it used 18,
      // the second (~76 more) no longer fits.
      "[budgets.tiers.remote]", "tokens_per_day = 85",
      '[policy.restart]', 'highest = "remote"', "cache_ttl_seconds = 0",
      '[policy.picky]', 'highest = "remote"', "low_confidence = 0.95", "cache_ttl_seconds = 0",
      '[policy.cached]', 'highest = "local-small"',
    ],
  });
  const secrets = join(fx.stateDir, "secrets.toml");
  writeFileSync(secrets, '[providers.fake]\napi_key = "sk-fake"\n');
  chmodSync(secrets, 0o600);
  stack = createIntelligence({
    spawnRuntime: true, socketPath: fx.socketPath, stateDir: fx.stateDir, configPath: fx.configPath, secretsPath: secrets, dbPath: join(fx.stateDir, "aios.db"),
    rules: { restart: [{ name: "failed", when: (f) => f.state === "failed", answer: () => ({ verdict: "restart", confidence: 1 }) }] },
  });
});
afterAll(async () => { await stack?.close(); remote.stop(); rmSync(fx.stateDir, { recursive: true, force: true }); });

describe("intelligence hierarchy, end to end", () => {
  it("answers from rules when one fits", async () => {
    const d = await ask("restart", { state: "failed" });
    expect(d).toMatchObject({ outcome: "answered", tier: "reactive", modelId: "rules/restart/failed" });
  });

  it("escalates don't-know to the local model and records its file's sha256", async () => {
    const d = await ask("restart", { state: "degraded" });
    expect(d).toMatchObject({ outcome: "answered", tier: "local-small", modelId: "scripted-verdict", output: { kind: "object", object: VERDICT } });
    const local = d.attempts.find((a) => a.tier === "local-small")!;
    expect(local.modelSha256).toBe(await fileSha256(join(fx.modelsDir, "scripted-verdict.gguf")));
    expect(local.tokens.input).toBeGreaterThan(0);
    expect(d.attempts[0]!.escalated).toMatch(/^unknown: no rule/);
  });

  it("escalates low confidence to the remote tier, pays for it, then falls back when the budget is spent", async () => {
    const d = await ask("picky", {});
    expect(d).toMatchObject({ outcome: "answered", tier: "remote", modelId: "fake-large", output: { object: { verdict: "ignore" } } });
    expect(d.totalCostUsd).toBeCloseTo((11 * 1 + 7 * 2) / 1e6, 12);
    expect(remote.requests.at(-1)!.headers.get("authorization")).toBe("Bearer sk-fake");
    const blocked = await ask("picky", {}, "and again, what now?");
    expect(blocked.attempts.at(-1)).toMatchObject({ tier: "remote", outcome: "blocked" });
    expect(blocked).toMatchObject({ outcome: "answered", tier: "local-small", confidence: 0.9 });
    expect(blocked.degraded).toMatch(/kept a low-confidence answer; tier remote token budget/);
  });

  it("serves repeats from the cache and logs every decision", async () => {
    await ask("cached", {});
    const d = await ask("cached", {});
    expect(d.attempts.at(-1)).toMatchObject({ tier: "local-small", cacheHit: true });
    const log = stack.decisions.recent(50);
    expect(log.length).toBeGreaterThanOrEqual(6);
    expect(log[0]!.id).toBe(d.id);
  });
});

describe("embeddings for other services", () => {
  it("embeds with the smallest usable local model", async () => {
    const r = await stack.embed(["disk full", "disk full"]);
    expect(r.model).toBe("scripted-verdict");
    expect(r.vectors[0]).toEqual(r.vectors[1]);
  });
});

describe("a failing remote provider", () => {
  it("degrades to the local answer, opens its circuit after 3 failures, and shows why in status", async () => {
    for (const mode of ["500", "garbage", "slow"] as const) {
      remote.mode = mode;
      remote.slowMs = 3000;
      const d = await stack.ask({ type: "picky", agent: "other", messages: [{ role: "user", content: `try ${mode}` }], facts: {}, schema, maxTokens: 8 });
      expect(d).toMatchObject({ outcome: "answered", tier: "local-small" });
      expect(d.attempts.at(-1)!.outcome).toBe(mode === "slow" ? "timeout" : "unavailable");
    }
    remote.mode = "ok";
    const sent = remote.requests.length;
    const d = await stack.ask({ type: "picky", agent: "other", messages: [{ role: "user", content: "circuit?" }], facts: {}, schema, maxTokens: 8 });
    expect(remote.requests.length).toBe(sent); // the open circuit kept the request from going out
    expect(d.attempts.at(-1)!.reason).toMatch(/circuit open after 3 consecutive failures/);
    const status = await stack.status();
    expect(status.providers).toEqual([{ provider: "fake", circuit: expect.stringMatching(/^open after 3 consecutive failures \(last: fake did not answer within 1000 ms\)$/) }]);
    expect(status.models.find((m) => m.id === "fake-large")!.status).toBe("circuit-open");
    expect(status.models.find((m) => m.id === "scripted-verdict")!.status).toMatch(/loaded|available/);
  });
});

describe("hierarchy without a local runtime", () => {
  it("treats the local tiers as down and escalates to the remote tier", async () => {
    const s = createIntelligence({ socketPath: join(fx.stateDir, "nobody-home.sock"), configPath: fx.configPath, secretsPath: join(fx.stateDir, "secrets.toml"), dbPath: ":memory:" });
    const d = await s.ask({ type: "restart", agent: "x", messages: [{ role: "user", content: "q" }], schema, maxTokens: 16 });
    expect(d.tier).toBe("remote");
    expect(d.attempts.filter((a) => a.reason === "no model in this tier").map((a) => a.tier)).toEqual(["local-small", "local-medium", "local-large"]);
    expect(s.registry.localError).toMatch(/model runtime at .* is unavailable/);
    await s.close();
  });
});
