// Benchmarks of the intelligence hierarchy (a program, not a test; numbers, never assertions):
// decision latency p50/p99 per tier on the generated tiny model, gateway overhead versus a direct HTTP
// call to the same loopback server, and cache-hit latency.
// Run: node_modules/.bin/bun bench/models/bench.ts [--quick]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tinyLlama } from "../../tests/fixtures/gguf/tiny-llama.ts";
import { Intelligence, staticRegistry } from "../../runtime/models/hierarchy/intelligence.ts";
import type { DecisionRequest } from "../../runtime/models/hierarchy/provenance.ts";
import { discoverLocalModels } from "../../runtime/models/local/local-model.ts";
import { RuntimeProcess } from "../../runtime/models/local/process.ts";
import { RuntimeClient } from "../../runtime/models/local/runtime-client.ts";
import { ReactiveModel } from "../../runtime/models/reactive/reactive-model.ts";
import { OpenAiModel } from "../../runtime/models/remote/openai.ts";
import { FakeProvider } from "../../tests/integration/models/fake-provider.ts";

const quick = process.argv.includes("--quick");
const n = (full: number) => (quick ? Math.max(20, Math.floor(full / 10)) : full);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}
async function time(count: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < Math.min(10, count); i++) await fn(i); // warm up
  const samples: number[] = [];
  for (let i = 0; i < count; i++) { const t = performance.now(); await fn(i); samples.push(performance.now() - t); }
  return stats(samples);
}
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
const row = (name: string, s: ReturnType<typeof stats>) => console.log(`${name.padEnd(44)} n=${String(s.n).padStart(5)}  p50 ${fmt(s.p50).padStart(9)}  p99 ${fmt(s.p99).padStart(9)}`);

const dir = mkdtempSync(join(tmpdir(), "aios-bench-"));
mkdirSync(join(dir, "models"));
const verdict = { verdict: "restart", confidence: 0.9 };
writeFileSync(join(dir, "models", "tiny.gguf"), tinyLlama({ seed: 13, script: [JSON.stringify(verdict)] }).bytes);
writeFileSync(join(dir, "models", "random.gguf"), tinyLlama({ seed: 14 }).bytes);
writeFileSync(join(dir, "models.toml"), '[runtime]\nthreads = 1\ncontext_size = 256\n');
const remote = new FakeProvider().start();
remote.reply = { object: verdict };
const proc = new RuntimeProcess({ socketPath: join(dir, "m.sock"), stateDir: dir, env: { AIOS_MODELS_CONFIG: join(dir, "models.toml") } });
const client = new RuntimeClient(join(dir, "m.sock"), proc);

try {
  const schema = { type: "object", properties: { verdict: { enum: ["restart", "ignore"] }, confidence: { type: "number" } }, required: ["verdict", "confidence"] };
  const rules = new ReactiveModel({ restart: [{ name: "failed", when: (f) => f.state === "failed", answer: () => verdict }] });
  const local = (await discoverLocalModels(client)).filter((m) => m.identity.id === "tiny");
  const openai = new OpenAiModel({ provider: "loopback", kind: "openai", baseUrl: `${remote.url}/v1`, model: "fake", timeoutMs: 5000 });
  const noCache = { "*": { highest: "remote" as const, cacheTtlMs: 0 } };
  const req = (i: number, facts: Record<string, unknown> = {}): DecisionRequest =>
    ({ type: "restart", agent: "bench", messages: [{ role: "user", content: `unit ${i} degraded?` }], schema, facts, maxTokens: 32 });

  console.log(`# intelligence hierarchy benchmarks (${new Date().toISOString()}, ${quick ? "quick" : "full"})`);
  console.log("## decision latency per tier (Intelligence.ask, cache off)");
  row("reactive (rule hit)", await time(n(5000), (i) => new Intelligence({ registry: staticRegistry([rules]), policies: noCache }).ask(req(i, { state: "failed" }))));
  const localOnly = new Intelligence({ registry: staticRegistry(local), policies: { "*": { lowest: "local-small", highest: "local-small", cacheTtlMs: 0 } } });
  row("local-small (tiny GGUF, runtime process)", await time(n(300), (i) => localOnly.ask(req(i))));
  const remoteOnly = new Intelligence({ registry: staticRegistry([openai]), policies: { "*": { lowest: "remote", highest: "remote", cacheTtlMs: 0 } } });
  row("remote (OpenAI wire, loopback server)", await time(n(1000), (i) => remoteOnly.ask(req(i))));

  console.log("## gateway overhead vs direct HTTP to the same loopback server");
  const direct = await time(n(1000), () => fetch(`${remote.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "fake", messages: [{ role: "user", content: "x" }], response_format: { type: "json_schema", json_schema: { schema } } }) }).then((r) => r.json()));
  const viaClient = await time(n(1000), (i) => openai.generate({ messages: [{ role: "user", content: `x${i}` }], schema }));
  const viaAsk = await time(n(1000), (i) => remoteOnly.ask(req(i)));
  row("direct fetch + JSON", direct);
  row("OpenAiModel.generate (validate, cost)", viaClient);
  row("Intelligence.ask at remote tier", viaAsk);
  console.log(`overhead p50: client +${fmt(viaClient.p50 - direct.p50)} (${(viaClient.p50 / direct.p50).toFixed(2)}x), ask +${fmt(viaAsk.p50 - direct.p50)} (${(viaAsk.p50 / direct.p50).toFixed(2)}x)`);

  console.log("## generation throughput (random tiny model, 1 thread, 128 tokens per request)");
  let tokens = 0, ms = 0, prompt = 0;
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const r = await client.chat({ model: "random", messages: [{ role: "user", content: `tell me about unit ${i}` }], maxTokens: 128, temperature: 0 });
    tokens += r.outputTokens; prompt += r.inputTokens; ms += r.ms;
  }
  console.log(`${tokens} output tokens (+${prompt} prompt tokens) in ${ms.toFixed(0)} ms: ${(tokens / (ms / 1000)).toFixed(0)} tok/s end to end (includes prompt eval and socket)`);

  console.log("## cache");
  const cached = new Intelligence({ registry: staticRegistry(local), policies: { "*": { lowest: "local-small", highest: "local-small" } } });
  await cached.ask(req(0));
  row("cache hit (local-small answer)", await time(n(5000), () => cached.ask(req(0))));
  console.log(`cache hits ${cached.cache.hits}, misses ${cached.cache.misses}`);
} finally {
  await proc.stop();
  remote.stop();
  rmSync(dir, { recursive: true, force: true });
}
