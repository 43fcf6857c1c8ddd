// The agent loop end to end on the host: a real agent (it reads a file and fixes it through files.write),
// the real executor (tool registry, approvals, snapshots, hash-chained audit, memory on SQLite files),
// the real intelligence hierarchy with the agent's reactive rules, and incidents in the agents' database.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../../runtime/db/open.ts";
import { Memory } from "../../../runtime/memory/index.ts";
import { Intelligence, staticRegistry } from "../../../runtime/models/hierarchy/intelligence.ts";
import { ReactiveModel } from "../../../runtime/models/reactive/reactive-model.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { openToolSystem } from "../../../tools/index.ts";
import { LocalExecutor } from "../../../agents/host/executor/local.ts";
import { AgentHost } from "../../../agents/host/host.ts";
import { always, type AgentModule } from "../../../agents/loop/types.ts";
import { validateAgent } from "../../../agents/spec/validate.ts";
import type { AgentSpec } from "../../../agents/spec/types.ts";

let dir: string;
let file: string;
let ex: LocalExecutor;
let host: AgentHost;
let spec: AgentSpec;
let fix = "good\n";

const fixer: AgentModule<{ content: string }> = {
  name: "fixer",
  observe: async () => ({ content: readFileSync(file, "utf8") }),
  detectors: [{
    name: "bad-file",
    detect: (o) => o.content.includes("bad")
      ? [{ kind: "test.bad", key: `test.bad:${file}`, severity: "warning", summary: "the file is bad", evidence: [o.content.slice(0, 200)], facts: { path: file } }]
      : [],
  }],
  rules: { "test.bad": [always("rewrite", (f) => ({ action: "rewrite", params: { path: f.path as string }, reason: "the file says bad" }))] },
  actions: {
    rewrite: {
      description: "write a good file",
      params: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
      calls: (p) => [{ tool: "files.write", input: { path: p.path, content: fix } }],
    },
  },
};

function declare(mode: string, extra = ""): AgentSpec {
  return validateAgent("fixer", `description = "fixes a file"\ninterval_ms = 1000\ndecisions = ["test.bad"]\ntools = ["files.write"]\n[policy]\nmode = "${mode}"\ncapabilities = ["fs.write:${dir}", "fs.read:${dir}"]\n[escalation]\nverify_cycles = 2\n${extra}`, join(dir, "fixer.toml"));
}

function start(mode: string): void {
  spec = declare(mode);
  const memory = Memory.open(join(dir, "aios.db"));
  ex = new LocalExecutor({
    tools: (policyFor) => openToolSystem({ dbPath: join(dir, "aios.db"), snapshotDir: join(dir, "snapshots"), policyFor, services: { list: async () => [], control: async () => ({}) } as never, files: { readRoots: [dir], writeRoots: [dir] }, settleMs: 0, memory }),
    memory, agents: () => [spec], autonomyFile: join(dir, "autonomy"),
  });
  const intelligence = new Intelligence({ registry: staticRegistry([new ReactiveModel(fixer.rules)]) });
  host = new AgentHost({ loaded: { agents: [spec], disabled: [] }, modules: { fixer: fixer as AgentModule }, executor: ex, ask: (r) => intelligence.ask(r), db: openDatabase(join(dir, "agents.db")), runner: realRunner });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "aios-loop-"));
  file = join(dir, "app.conf");
  writeFileSync(file, "bad\n");
  fix = "good\n";
});
afterEach(async () => { await host?.stop(); ex?.close(); rmSync(dir, { recursive: true, force: true }); });

const cycle = () => host.cycleNow("fixer");
const only = () => host.incidents.list()[0]!;

describe("the agent loop", () => {
  it("detects, decides on the reactive tier, acts through the registry, verifies and remembers", async () => {
    start("normal");
    await cycle();
    expect(readFileSync(file, "utf8")).toBe("good\n");
    let inc = only();
    expect(inc).toMatchObject({ kind: "test.bad", state: "acting", owner: "fixer" });
    expect(inc.decisions[0]).toMatchObject({ tier: "reactive", action: "rewrite", model: "rules/test.bad/rewrite" });
    expect(inc.actions[0]).toMatchObject({ tool: "files.write", status: "done" });
    await cycle();
    inc = only();
    expect(inc.state).toBe("resolved");
    expect(inc.verification.at(-1)!.result).toContain("cleared after rewrite");
    // The chain holds the decision's provenance and links it to the action it caused.
    const entries = [...ex.sys.audit.entries(1)];
    const decision = entries.find((e) => e.kind === "decision")!;
    expect(decision.data).toMatchObject({ incident: inc.id, tier: "reactive", choice: { action: "rewrite" } });
    const call = entries.find((e) => e.kind === "tool.call")!;
    expect(call.data).toMatchObject({ why: { decisionSeq: decision.seq, incident: inc.id, tier: "reactive" } });
    expect(inc.actions[0]!.auditSeq).toBe(call.seq);
    expect(entries.map((e) => e.kind)).toEqual(expect.arrayContaining(["incident.opened", "incident.acting", "incident.resolved"]));
    expect(ex.sys.audit.verify().ok).toBe(true);
    // Searchable: in the incident store and in memory, with the procedure that worked.
    expect(host.incidents.search("bad file")[0]?.id).toBe(inc.id);
    const mem = Memory.open(join(dir, "aios.db"));
    expect((await mem.search("fixed by rewrite")).hits.some((h) => h.tier === "longterm")).toBe(true);
  });

  it("waits for a person in safe mode, and the executor runs the approved call", async () => {
    start("safe");
    await cycle();
    let inc = only();
    expect(inc.state).toBe("awaiting_approval");
    expect(readFileSync(file, "utf8")).toBe("bad\n");
    const id = inc.actions[0]!.approvalId!;
    await ex.decide(id, "user:test", "approve").running;
    expect(readFileSync(file, "utf8")).toBe("good\n");
    await cycle(); // sees the approval executed → verifying
    await cycle(); // symptom gone → resolved
    inc = only();
    expect(inc.state).toBe("resolved");
    expect(inc.actions.at(-1)!.detail).toContain("approved by user:test");
  });

  it("autonomy off observes only; propose asks for approval even in normal mode; autonomy never loosens", async () => {
    start("normal");
    ex.setAutonomy("off", "user:test");
    await cycle();
    expect(only().state).toBe("proposed");
    expect(readFileSync(file, "utf8")).toBe("bad\n");
    ex.setAutonomy("propose", "user:test");
    await cycle();
    expect(only().state).toBe("awaiting_approval");
    expect(ex.policyFor("fixer").mode).toBe("safe");
    spec = { ...spec, policy: { ...spec.policy, mode: "paranoid" } };
    expect(ex.policyFor("fixer").mode).toBe("paranoid");
    expect(() => ex.setAutonomy("yolo", "user:test")).toThrow("autonomy must be one of off, propose, on");
  });

  it("rolls back an action that did not clear the symptom, then escalates", async () => {
    start("normal");
    fix = "still bad\n";
    await cycle();
    expect(readFileSync(file, "utf8")).toBe("still bad\n");
    await cycle();
    await cycle();
    const inc = only();
    expect(inc.state).toBe("escalated");
    expect(inc.verification.at(-1)!.result).toMatch(/not cleared after 2 cycles; rolled back: restored 1 file/);
    expect(readFileSync(file, "utf8")).toBe("bad\n");
  });

  it("keeps one incident per symptom, and pause stops the loop", async () => {
    start("safe");
    await cycle();
    await cycle();
    expect(host.incidents.list()).toHaveLength(1);
    host.pause("fixer", true);
    expect(host.status()[0]).toMatchObject({ name: "fixer", state: "paused", openIncidents: 1 });
  });
});
