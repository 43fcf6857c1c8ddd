// The model hierarchy running short, with a real (loopback) cloud provider and no local runtime: the
// model runtime dead, the cloud failing, the cloud over budget. Each time the answer comes from a lower
// tier, and status says what is missing and what it falls back to.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Budgets } from "../../../runtime/models/budget/budgets.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { FakeProvider } from "../models/fake-provider.ts";

const remote = new FakeProvider();
const dir = mkdtempSync(join(tmpdir(), "aios-degraded-models-"));
const schema = { type: "object", properties: { verdict: { enum: ["restart", "ignore"] }, confidence: { type: "number" } }, required: ["verdict", "confidence"] };
// The rule answers with low confidence, so the hierarchy tries higher tiers and falls back to it.
const rules = { check: [{ name: "unsure", when: () => true, answer: () => ({ verdict: "ignore", confidence: 0.3 }), confidence: 0.3 }] };
let stack: IntelligenceStack;

function open(budgetTokens?: number): IntelligenceStack {
  const configPath = join(dir, "models.toml"), secretsPath = join(dir, "secrets.toml");
  writeFileSync(configPath, [
    "[[remote]]", 'provider = "fake"', 'kind = "openai"', `base_url = "${remote.url}/v1"`, 'model = "fake-large"',
    '[policy.check]', 'highest = "remote"', "low_confidence = 0.9", "cache_ttl_seconds = 0",
    ...(budgetTokens ? ["[budgets.tiers.remote]", `tokens_per_day = ${budgetTokens}`] : []),
  ].join("\n"));
  writeFileSync(secretsPath, '[providers.fake]\napi_key = "sk-fake"\n');
  chmodSync(secretsPath, 0o600);
  return createIntelligence({ socketPath: join(dir, "nobody-home.sock"), configPath, secretsPath, dbPath: join(dir, "aios.db"), stateDir: dir, rules });
}
const ask = (s: IntelligenceStack, content: string) => s.ask({ type: "check", agent: "monitor", messages: [{ role: "user", content }], facts: {}, schema, maxTokens: 16 });

beforeAll(() => { remote.start(); remote.reply = { object: { verdict: "restart", confidence: 0.99 } }; stack = open(); });
afterAll(async () => { await stack.close(); remote.stop(); rmSync(dir, { recursive: true, force: true }); });

describe("the hierarchy running short", () => {
  it("model runtime dead: the cloud answers, and status says the runtime is down", async () => {
    const d = await ask(stack, "one");
    expect(d.tier).toBe("remote");
    expect((await stack.status()).degraded).toEqual([expect.stringMatching(/^model runtime down: .*; answers come from the rules and the cloud$/)]);
  });

  it("cloud failing: after three failures its circuit opens, the rules answer, and status says the cloud is failing", async () => {
    remote.mode = "500";
    for (const q of ["two", "three", "four"]) expect((await ask(stack, q)).tier).toBe("reactive");
    const d = await ask(stack, "five");
    expect(d).toMatchObject({ outcome: "answered", tier: "reactive" });
    expect(d.attempts.at(-1)!.reason).toMatch(/circuit open/);
    expect((await stack.status()).degraded).toContainEqual(expect.stringMatching(/^cloud provider failing \(fake: open after 3 consecutive failures .*\); answers fall back to the local models and the rules$/));
    remote.mode = "ok";
  });

  it("cloud over budget: nothing is sent, the rules answer, and status says the budget is spent", async () => {
    const s = open(50);
    const budgets = new Budgets(openDatabase(join(dir, "aios.db")), { tiers: { remote: { tokensPerDay: 50 } } });
    budgets.record("monitor", "remote", 60, 0);
    const sent = remote.requests.length;
    const d = await ask(s, "six");
    expect(d.tier).toBe("reactive");
    expect(remote.requests.length).toBe(sent);
    expect((await s.status()).degraded).toContainEqual(expect.stringMatching(/^cloud over budget \(\d+ of 50 tokens used today\); answers fall back to the local models and the rules$/));
    await s.close();
  });
});
