// What the front agent's model turn costs over the raw model runtime (a program, not a test; numbers,
// never assertions), on a scripted tiny GGUF that calls disks.usage and then answers in ~40 tokens:
//   1. generation rate through modelTurn (hierarchy + executor + two model calls) versus one raw
//      runtime chat producing the same answer from the same final prompt, as a ratio;
//   2. the prompt tokens the function specs add per request (5 tools, and every tool the agents own),
//      as a ratio to the same request without them. The tiny vocabulary is mostly characters, so token
//      counts run ~3x a real BPE vocabulary's; the characters are printed too.
// Run: node_modules/.bin/bun bench/chat/model-turn.ts [--rounds 5]
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { modelTurn, toolOwners } from "../../agents/front/model-turn.ts";
import { LocalExecutor } from "../../agents/host/executor/local.ts";
import { readAgentDir } from "../../agents/spec/compile.ts";
import { createIntelligence } from "../../runtime/models/index.ts";
import type { ChatMessage } from "../../runtime/models/model.ts";
import { describeFunctions } from "../../runtime/models/schema/function-call.ts";
import { openToolSystem } from "../../tools/index.ts";
import { functionTable } from "../../tools/function-specs.ts";
import { tinyLlama } from "../../tests/fixtures/gguf/tiny-llama.ts";
import { makeStateDir } from "../../tests/integration/models/fixtures.ts";

const arg = (name: string, def: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : def; };
const rounds = arg("rounds", 5);
const WORDS = "the disk is fine and every mount has room so nothing needs to be done about it today yes ok".split(" ");
const answerPieces = [`{"name":"respond","arguments":{"text":"`, ...WORDS.map((w, i) => (i ? ` ${w}` : w)).filter((p, i, a) => a.indexOf(p) === i), `."}}`];
const answerText = `${answerPieces.slice(1, -1).join("")}.`;

const fx = makeStateDir({ only: [] });
writeFileSync(join(fx.modelsDir, "bench.gguf"), tinyLlama({ seed: 41, nEmbd: 96, contextLength: 16384, script: [JSON.stringify({ name: "disks_usage", arguments: {} })], branch: { marker: "<tool_response>", script: answerPieces } }).bytes);
writeFileSync(fx.configPath, readFileSync(fx.configPath, "utf8").replace("context_size = 256", "context_size = 16384").replace("small_max_params = 200000", "small_max_params = 100000000"));
const stack = createIntelligence({ spawnRuntime: true, socketPath: fx.socketPath, stateDir: fx.stateDir, configPath: fx.configPath, secretsPath: join(fx.stateDir, "secrets.toml"), policies: { chat: { highest: "local-small", cacheTtlMs: 0 } } });
const specs = readAgentDir(join(import.meta.dirname, "../../image/agents"));
const ex = new LocalExecutor({
  tools: (policyFor) => openToolSystem({ dbPath: join(fx.stateDir, "aios.db"), snapshotDir: join(fx.stateDir, "snapshots"), policyFor, settleMs: 0, services: { list: async () => [] } as never }),
  agents: () => specs, autonomyFile: join(fx.stateDir, "autonomy"),
});
const allOwners = toolOwners(specs);
const FIVE = ["disks.usage", "logs.usage", "services.list", "firewall.list", "firewall.port"];
const owners = new Map([...allOwners].filter(([t]) => FIVE.includes(t)));
const user: ChatMessage[] = [{ role: "user", content: "how full are my disks?" }];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  // Warm up: load the model, resolve the wrapper, build grammars.
  const warm = await modelTurn({ ask: stack.ask, executor: ex, owners, messages: user });
  if (warm.text !== answerText) throw new Error(`unexpected answer ${JSON.stringify(warm.text)}`);

  const loop: { ms: number; out: number }[] = [];
  const raw: { ms: number; out: number }[] = [];
  const table = functionTable((await ex.tools()).filter((t) => owners.has(t.name)));
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    const turn = await modelTurn({ ask: stack.ask, executor: ex, owners, messages: user });
    loop.push({ ms: performance.now() - t, out: turn.completionTokens });
    // The raw runtime, same model, same final prompt (the one that yields the answer), same grammar.
    const final: ChatMessage[] = [...user, { role: "assistant", content: "", toolCalls: [{ id: "c", name: "disks_usage", arguments: {} }] }, { role: "tool", toolCallId: "c", name: "disks_usage", content: JSON.stringify(turn.calls[0]!.outcome) }];
    t = performance.now();
    const reply = await stack.runtime.chat({ model: "bench", messages: final, functions: table.specs, toolChoice: "auto", maxTokens: 512 });
    raw.push({ ms: performance.now() - t, out: reply.outputTokens });
  }
  const rate = (xs: { ms: number; out: number }[]) => median(xs.map((x) => x.out / (x.ms / 1000)));
  const loopRate = rate(loop), rawRate = rate(raw);
  console.log(`model turn (2 model calls + 1 tool call): median ${median(loop.map((x) => x.ms)).toFixed(0)} ms, ${loop[0]!.out} completion tokens, ${loopRate.toFixed(0)} tok/s`);
  console.log(`raw runtime chat (final call only):       median ${median(raw.map((x) => x.ms)).toFixed(0)} ms, ${raw[0]!.out} completion tokens, ${rawRate.toFixed(0)} tok/s`);
  console.log(`ratio loop/raw tok/s: ${(loopRate / rawRate).toFixed(2)}x (the loop also evaluates the first call's prompt and runs disks.usage)`);

  // Prompt tokens the function specs add: the same request with and without them.
  const base = await stack.runtime.chat({ model: "bench", messages: user, maxTokens: 4 });
  for (const [label, o] of [["5 tools", owners], [`all ${allOwners.size} agent tools`, allOwners]] as const) {
    const fns = functionTable((await ex.tools()).filter((t) => o.has(t.name))).specs;
    const withSpecs = await stack.runtime.chat({ model: "bench", messages: user, functions: fns, toolChoice: "auto", maxTokens: 4 });
    const chars = describeFunctions(fns, true).length;
    console.log(`function specs, ${label}: +${withSpecs.inputTokens - base.inputTokens} prompt tokens (${(withSpecs.inputTokens / base.inputTokens).toFixed(1)}x the bare request's ${base.inputTokens}); ${chars} characters ≈ ${Math.round(chars / 4)} BPE tokens`);
  }
} finally {
  ex.close();
  await stack.close();
  rmSync(fx.stateDir, { recursive: true, force: true });
}
