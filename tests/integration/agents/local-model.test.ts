// The plumbing from a model to the tools, with real llama.cpp: when no reactive rule fits, the loop asks
// the local tier; a scripted GGUF answers a decision, grammar-constrained to the agent's enumerated
// actions; the answer is validated again, carried out through the executor under policy, and the chain
// records tier local-small with the model's sha256-identified id. (This measures plumbing, not wits.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../../../runtime/db/open.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { openToolSystem } from "../../../tools/index.ts";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { makeStateDir, type ModelFixture } from "../models/fixtures.ts";
import { LocalExecutor } from "../../../agents/host/executor/local.ts";
import { AgentHost } from "../../../agents/host/host.ts";
import type { AgentModule } from "../../../agents/loop/types.ts";
import { validateAgent } from "../../../agents/spec/validate.ts";

let fx: ModelFixture;
let stack: IntelligenceStack;
let ex: LocalExecutor;
let host: AgentHost;
let file: string;

const agent = (path: () => string): AgentModule<{ content: string }> => ({
  name: "fixer",
  observe: async () => ({ content: readFileSync(path(), "utf8") }),
  detectors: [{ name: "odd", detect: (o) => (o.content.includes("odd") ? [{ kind: "test.odd", key: "test.odd", severity: "warning", summary: "an odd file", evidence: [o.content], facts: { path: path() } }] : []) }],
  // The reactive tier has no rule that fits this case: the hierarchy must go up to the local model.
  rules: { "test.odd": [{ name: "never", when: () => false, answer: () => ({}) }] },
  actions: { rewrite: { description: "rewrite the file", params: { type: "object", properties: { path: { type: "string" } }, required: ["path"] }, calls: (p) => [{ tool: "files.write", input: { path: p.path, content: "even\n" } }] } },
});

beforeAll(async () => {
  fx = makeStateDir({ only: [] });
  file = join(fx.stateDir, "app.conf");
  writeFileSync(file, "odd\n");
  const answer = { action: "rewrite", params: { path: file }, reason: "the file is odd" };
  writeFileSync(join(fx.modelsDir, "scripted-decision.gguf"), tinyLlama({ seed: 21, script: [JSON.stringify(answer)], contextLength: 4096 }).bytes);
  // A decision prompt (the action menu, the finding as JSON) is longer than the fixture's 256 tokens.
  writeFileSync(fx.configPath, readFileSync(fx.configPath, "utf8").replace("context_size = 256", "context_size = 4096"));
  const spec = validateAgent("fixer", `description = "d"\ndecisions = ["test.odd"]\n[policy]\nmode = "normal"\ncapabilities = ["fs.write:${fx.stateDir}", "fs.read:${fx.stateDir}"]\n[escalation]\nhighest = "local-small"\n`, "fixer.toml");
  stack = createIntelligence({
    spawnRuntime: true, socketPath: fx.socketPath, stateDir: fx.stateDir, configPath: fx.configPath, secretsPath: join(fx.stateDir, "secrets.toml"),
    dbPath: join(fx.stateDir, "agents.db"), rules: agent(() => file).rules, policies: { "test.odd": { highest: "local-small" } },
  });
  ex = new LocalExecutor({
    tools: (policyFor) => openToolSystem({ dbPath: join(fx.stateDir, "aios.db"), snapshotDir: join(fx.stateDir, "snapshots"), policyFor, services: { list: async () => [], control: async () => ({}) } as never, files: { readRoots: [fx.stateDir], writeRoots: [fx.stateDir] }, settleMs: 0 }),
    agents: () => [spec], autonomyFile: join(fx.stateDir, "autonomy"),
  });
  host = new AgentHost({ loaded: { agents: [spec], disabled: [] }, modules: { fixer: agent(() => file) as AgentModule }, executor: ex, ask: stack.ask, db: openDatabase(join(fx.stateDir, "agents.db")), runner: realRunner });
});
afterAll(async () => { await host?.stop(); ex?.close(); await stack?.close(); rmSync(fx.stateDir, { recursive: true, force: true }); });

describe("a local model deciding for an agent", () => {
  it("escalates past the rules, decides on local-small, and its choice runs through the registry", async () => {
    await host.cycleNow("fixer");
    const inc = host.incidents.list()[0]!;
    expect(inc.decisions[0]).toMatchObject({ tier: "local-small", model: "scripted-decision", action: "rewrite" });
    expect(inc.state).toBe("acting");
    expect(readFileSync(file, "utf8")).toBe("even\n");
    const decision = [...ex.sys.audit.entries(1)].find((e) => e.kind === "decision")!;
    expect(decision.data).toMatchObject({ tier: "local-small", model: "scripted-decision", modelSha256: expect.stringMatching(/^[0-9a-f]{64}$/), attempts: ["reactive:unknown", "local-small:answered"] });
    const call = [...ex.sys.audit.entries(1)].find((e) => e.kind === "tool.call")!;
    expect(call.data).toMatchObject({ why: { tier: "local-small", model: "scripted-decision", decisionSeq: decision.seq } });
  });
});
