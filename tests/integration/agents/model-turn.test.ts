// The front agent's model turn end to end, with real llama.cpp in the real model runtime process and a
// real executor on a temp state dir, the agents' real declarations deciding who owns which tool:
// a scripted GGUF calls disks.usage, reads the result (a marker in its prompt switches its script) and
// answers; a second one asks to allow tcp/8080, which becomes a pending approval, not a change (that a
// proposal waits even where policy would run it alone is tests/unit/tools/propose.test.ts). This
// measures plumbing, not wits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { modelTurn, toolOwners } from "../../../agents/front/model-turn.ts";
import { LocalExecutor } from "../../../agents/host/executor/local.ts";
import { readAgentDir } from "../../../agents/spec/compile.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { openToolSystem } from "../../../tools/index.ts";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { makeStateDir, type ModelFixture } from "../models/fixtures.ts";
import { addNetns, canNetns, delNetns, findNft, nsNft } from "../tools/netns.ts";

const nft = findNft();
const skip = nft === null ? "nft not found" : canNetns();
if (skip) console.warn(`model-turn write test skipped: ${skip}`);

export const READ_CALL = JSON.stringify({ name: "disks_usage", arguments: {} });
export const ANSWER = "All disks have room.";
const ANSWER_CALL = JSON.stringify({ name: "respond", arguments: { text: ANSWER } });
const PORT_INPUT = { action: "allow", port: 8080, proto: "tcp", family: "inet", table: "filter", chain: "input" };
const BASE = "table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    tcp dport 22 accept\n  }\n}\n";
const OFFERED = ["disks.usage", "logs.usage", "services.list", "firewall.list", "firewall.port"];

let fx: ModelFixture;
let reader: IntelligenceStack;
let writer: IntelligenceStack;
let ex: LocalExecutor;
let ns = "";
const specs = readAgentDir(join(import.meta.dirname, "../../../image/agents"));
const owners = new Map([...toolOwners(specs)].filter(([t]) => OFFERED.includes(t)));

beforeAll(async () => {
  fx = makeStateDir({ only: [] });
  const read = tinyLlama({ seed: 31, script: [READ_CALL], branch: { marker: "<tool_response>", script: [ANSWER_CALL] }, contextLength: 8192 }).bytes;
  const write = tinyLlama({ seed: 32, nEmbd: 128, script: [JSON.stringify({ name: "firewall_port", arguments: PORT_INPUT })], contextLength: 8192 }).bytes;
  writeFileSync(join(fx.modelsDir, "turn-read.gguf"), read);
  writeFileSync(join(fx.modelsDir, "turn-write.gguf"), write);
  // One model per tier (parameters ≈ bytes / 4): the reader is local-small, the writer local-medium.
  const split = Math.round((read.length + write.length) / 8);
  writeFileSync(fx.configPath, readFileSync(fx.configPath, "utf8").replace("context_size = 256", "context_size = 8192").replace("small_max_params = 200000", `small_max_params = ${split}`));
  const common = { socketPath: fx.socketPath, stateDir: fx.stateDir, configPath: fx.configPath, secretsPath: join(fx.stateDir, "secrets.toml"), dbPath: join(fx.stateDir, "front.db") };
  reader = createIntelligence({ ...common, spawnRuntime: true, policies: { chat: { highest: "local-small", cacheTtlMs: 0 } } });
  writer = createIntelligence({ ...common, spawnRuntime: false, policies: { chat: { lowest: "local-medium", highest: "local-medium", cacheTtlMs: 0 } } });
  if (!skip) { ns = addNetns("turn"); nsNft(ns, nft!, ["-f", "-"], `flush ruleset\n${BASE}`); }
  ex = new LocalExecutor({
    tools: (policyFor) => openToolSystem({
      dbPath: join(fx.stateDir, "aios.db"), snapshotDir: join(fx.stateDir, "snapshots"), policyFor, runner: realRunner, settleMs: 0,
      services: { list: async () => [], status: async (id: string) => ({ id, state: "running" }) } as never,
      ...(skip ? {} : { nft: { nft: nft!, netns: ns } }),
    }),
    agents: () => specs, autonomyFile: join(fx.stateDir, "autonomy"),
  });
});
afterAll(async () => { ex?.close(); await writer?.close(); await reader?.close(); if (ns) delNetns(ns); rmSync(fx.stateDir, { recursive: true, force: true }); });

describe("a model turn with real llama.cpp and a real executor", () => {
  it("calls a read tool, reads its result, answers in text; the chain links the decision to the action", async () => {
    const r = await modelTurn({ ask: reader.ask, executor: ex, owners, messages: [{ role: "user", content: "how full are my disks?" }], who: "user:test" });
    expect(r.text).toBe(ANSWER);
    expect(r).toMatchObject({ tier: "local-small", modelId: "turn-read", calls: [{ tool: "disks.usage", agent: "maintenance", input: {}, outcome: { status: "done" } }] });
    expect(r.pending).toBeUndefined();
    expect(r.decisions).toHaveLength(2);
    expect(r.promptTokens).toBeGreaterThan(0);
    const entries = [...ex.sys.audit.entries(1)];
    const action = entries.find((e) => e.kind === "tool.call" && e.subject === "disks.usage")!;
    const first = entries.find((e) => e.seq === r.decisions[0]!.seq)!;
    expect(first).toMatchObject({ kind: "decision", actor: "agent:front", data: { tier: "local-small", model: "turn-read", cacheHit: false, actions: [action.seq], attempts: ["reactive:unknown", "local-small:answered"] } });
    expect((first.data as { promptHash: string }).promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(action.data).toMatchObject({ why: { decisionId: first.subject, tier: "local-small", model: "turn-read" } });
  });

  it.skipIf(skip !== null)("asks for a change: the answer is a pending approval, and the firewall is unchanged", async () => {
    const r = await modelTurn({ ask: writer.ask, executor: ex, owners, messages: [{ role: "user", content: "open port 8080" }] });
    expect(r.pending).toMatchObject({ tool: "firewall.port", agent: "network", input: PORT_INPUT, effects: expect.arrayContaining(["open port 8080/tcp"]) });
    expect(r.calls).toMatchObject([{ tool: "firewall.port", outcome: { status: "pending" } }]);
    expect(ex.sys.approvals.get(r.pending!.id)).toMatchObject({ status: "pending", agent: "network", tool: "firewall.port" });
    expect(nsNft(ns, nft!, ["list", "ruleset"])).not.toMatch(/8080/);
    expect(r.tier).toBe("local-medium");
  });
});
