// The maintenance agent end to end on a temp root: observe real files, detect, decide by rules, and act
// through a real ToolRegistry (SQLite audit, snapshot store) in normal mode — housekeeping in the
// declared paths runs by itself, is audited, takes no snapshot, and never touches databases or models.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type AgentContext, type Finding, factsOf } from "../../../agents/loop/types.ts";
import { agent, type MaintObs } from "../../../agents/maintenance/index.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { maintenanceTools, type MaintenanceConfig } from "../../../tools/maintenance/index.ts";
import { type Harness, harness, policy } from "../tools/harness.ts";

const DAY = 86_400_000;
const CAPS = ["logs.write", "logs.read", "disk.read", "temp.clean", "apt.clean", "db.maintain", "memory.compact", "snapshots.prune"];
let h: Harness;
let root: string;

function config(r: string, over: Partial<MaintenanceConfig> = {}): MaintenanceConfig {
  return {
    root: r, logDirs: [join(r, "var/log"), join(r, "var/lib/aios/log")], tempPaths: [join(r, "tmp"), join(r, "var/tmp"), join(r, "var/lib/aios/scratch")],
    aptArchives: join(r, "var/cache/apt/archives"), databases: [join(r, "var/lib/aios/aios.db")], memoryDb: join(r, "var/lib/aios/aios.db"),
    snapshotDir: join(r, "var/lib/aios/snapshots"), ...over,
  };
}
const put = (rel: string, data: string | Buffer, ageDays = 0) => {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, data);
  if (ageDays) utimesSync(p, new Date(Date.now() - ageDays * DAY), new Date(Date.now() - ageDays * DAY));
  return p;
};
const ctx = (settings: Record<string, unknown> = {}): AgentContext => ({ now: Date.now(), settings, runner: realRunner, root, memo: { get: () => undefined, set: () => {} } });
const why = { reason: "maintenance test", tier: "reactive" as const };

async function detect(settings: Record<string, unknown> = {}): Promise<Finding[]> {
  const obs: MaintObs = await agent.observe(ctx(settings));
  return agent.detectors.flatMap((d) => d.detect(obs, { ...ctx(settings), history: [] }));
}
/** Rules → action → tool calls → registry, the way the loop acts on a finding. */
async function act(f: Finding) {
  const facts = factsOf(f);
  const choice = agent.rules[f.kind]!.find((r) => r.when(facts, {} as never))!.answer(facts, {} as never) as { action: string; params: Record<string, unknown> };
  const outcomes = [];
  for (const call of agent.actions[choice.action]!.calls(choice.params, f)) outcomes.push({ tool: call.tool, out: await h.registry.call({ agent: "maintenance", tool: call.tool, input: call.input, why }) });
  return { choice, outcomes };
}

beforeEach(() => {
  h = harness((dir) => { root = join(dir, "root"); return maintenanceTools(config(root)); }, { risk: (dir) => ({ lowRiskPaths: ["var/log/", "tmp/", "var/tmp/", "var/lib/aios/scratch/", "var/lib/aios/log/", "var/cache/apt/archives/"].map((p) => join(dir, "root", p)) }) });
  h.policies.set("maintenance", policy("maintenance", "normal", CAPS));
  for (const d of ["var/log", "var/lib/aios/log", "var/lib/aios/scratch", "tmp", "var/tmp", "var/cache/apt/archives"]) mkdirSync(join(root, d), { recursive: true });
});
afterEach(() => h.close());

describe("maintenance agent", () => {
  it("rotates and gzips a 20 MB log by itself, audited, without a snapshot", async () => {
    const line = "2026-01-15T12:00:00Z web GET /api/status 200 0.4ms\n";
    const content = line.repeat(Math.ceil(20e6 / line.length));
    const log = put("var/log/web/access.log", content);
    const f = (await detect()).find((x) => x.kind === "logs.oversize")!;
    expect(f.facts).toMatchObject({ path: log, bytes: content.length });
    const { outcomes } = await act(f);
    expect(outcomes).toMatchObject([{ tool: "logs.compress", out: { status: "done", risk: "low", effects: [{ kind: "file.compress", path: log, then: "truncate" }] } }]);
    const gz = readdirSync(dirname(log)).filter((n) => n.endsWith(".gz"));
    expect(gz).toHaveLength(1);
    const packed = readFileSync(join(dirname(log), gz[0]!));
    expect(packed.length).toBeLessThan(content.length / 20);
    expect(gunzipSync(packed).toString()).toBe(content);
    expect(statSync(log).size).toBe(0);
    expect(h.audit.tail(1)[0]).toMatchObject({ kind: "tool.call", actor: "maintenance", subject: "logs.compress" });
    expect(h.snapshots.list()).toEqual([]);
    expect((await detect()).filter((x) => x.kind === "logs.oversize")).toEqual([]);
  });

  it("deletes rotated logs past retention and keeps the newest", async () => {
    const kept = [1, 2].map((d) => put(`var/lib/aios/log/web.log.2026010${d}-000000.gz`, "x", d));
    const old = [3, 4, 5].map((d) => put(`var/lib/aios/log/web.log.2026010${d}-000000.gz`, "x".repeat(10), d));
    const ancient = put("var/log/dpkg.log.1.gz", "y", 60);
    const f = (await detect({ keep_rotated: 2 })).find((x) => x.kind === "logs.retention")!;
    const { outcomes } = await act(f);
    expect(outcomes[0]!.out).toMatchObject({ status: "done", risk: "low" });
    for (const p of [...old, ancient]) expect(existsSync(p), p).toBe(false);
    for (const p of kept) expect(existsSync(p), p).toBe(true);
  });

  it("removes a stale temp file, keeps a fresh one, and never touches a database or model planted there", async () => {
    const stale = put("tmp/build/old.o", "o", 20);
    const fresh = put("var/tmp/new.o", "n");
    const planted = [put("tmp/cache.db", "d", 90), put("tmp/cache.db-wal", "w", 90), put("var/lib/aios/scratch/models/tiny.gguf", "m", 90), put("tmp/id_ed25519", "k", 90)];
    const f = (await detect()).find((x) => x.kind === "temp.stale")!;
    expect(f.facts).toMatchObject({ files: 1 });
    const { outcomes } = await act(f);
    expect(outcomes[0]!.out).toMatchObject({ status: "done", effects: [{ kind: "file.discard", path: stale }] });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    for (const p of planted) expect(existsSync(p), p).toBe(true);
  });

  it("keeps the guard when clean-up paths are misconfigured to include the state dir", async () => {
    const bad = maintenanceTools(config(root, { tempPaths: [join(root, "var/lib/aios")], logDirs: [join(root, "var/lib/aios")] }));
    const db = put("var/lib/aios/aios.db", "d", 90);
    const precious = [db, put("var/lib/aios/models/m.gguf", "m", 90), put("var/lib/aios/snapshots/snap-1/manifest.json", "{}", 90), put("var/lib/aios/memo.json", "{}", 90)];
    const tc = { runner: realRunner, agent: "maintenance", timeoutMs: 1000 };
    const clean = bad.find((t) => t.name === "temp.clean")!;
    const plan = await clean.plan({ olderThanHours: 1 }, tc);
    expect(plan.effects).toEqual([]);
    expect(plan.notes?.length).toBe(4);
    // A plan naming a database (forged, or stale) is refused again at execute.
    await expect(clean.execute({ olderThanHours: 1 }, tc, { effects: [{ kind: "file.discard", path: db, bytes: 1 }] })).rejects.toThrow(/database/);
    await expect(bad.find((t) => t.name === "logs.compress")!.plan({ minBytes: 1, paths: [db] }, tc)).rejects.toThrow(/database/);
    for (const p of precious) expect(existsSync(p), p).toBe(true);
  });

  it("shrinks a real SQLite database with deleted rows by vacuuming it", async () => {
    const path = join(root, "var/lib/aios/aios.db");
    const db = openDatabase(path);
    db.exec("CREATE TABLE junk (id INTEGER PRIMARY KEY, body TEXT)");
    const ins = db.query("INSERT INTO junk (body) VALUES (?)");
    db.transaction(() => { for (let i = 0; i < 4000; i++) ins.run("z".repeat(2000)); })();
    db.exec("DELETE FROM junk WHERE id > 100");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    db.close();
    const before = statSync(path).size;
    const f = (await detect({ db_min_reclaim_bytes: 1 << 20 })).find((x) => x.kind === "db.bloat")!;
    expect(f.facts).toMatchObject({ path, op: "vacuum" });
    const { outcomes } = await act(f);
    expect(outcomes[0]!.out).toMatchObject({ status: "done", risk: "low", effects: [{ kind: "db.maintain", op: "vacuum" }] });
    expect(statSync(path).size).toBeLessThan(before / 10);
    const after = openDatabase(path, { readonly: true });
    expect(after.query("SELECT count(*) AS n FROM junk").get()).toEqual({ n: 100 });
    after.close();
  });

  it("recovers space in order of safety for the monitor's disk.filling", async () => {
    put("var/log/app.log", "a".repeat(2 << 20));
    put("var/log/app.log.20250101-000000.gz", "old", 90);
    const stale = put("tmp/stale", "s", 30);
    const deb = put("var/cache/apt/archives/bash_5.2_amd64.deb", "deb");
    const injected: Finding = { kind: "disk.filling", key: "disk.filling:/", severity: "warning", summary: "", evidence: [], owner: "maintenance",
      facts: { mount: "/", usedBytes: 95, totalBytes: 100, hoursToFull: 2 } };
    const { choice, outcomes } = await act(injected);
    expect(choice).toMatchObject({ action: "recover_space", params: { through: "apt" } });
    expect(outcomes.map((o) => [o.tool, o.out.status])).toEqual([["logs.compress", "done"], ["logs.prune", "done"], ["temp.clean", "done"], ["apt.clean", "done"]]);
    expect(h.audit.tail(4).map((e) => [e.kind, e.subject])).toEqual([["tool.call", "logs.compress"], ["tool.call", "logs.prune"], ["tool.call", "temp.clean"], ["tool.call", "apt.clean"]]);
    expect(existsSync(stale) || existsSync(deb)).toBe(false);
    expect(statSync(join(root, "var/log/app.log")).size).toBe(0);
  });

  it("compacts memory and prunes automatic snapshots beyond keep", async () => {
    const { Memory } = await import("../../../runtime/memory/index.ts");
    const { SnapshotStore } = await import("../../../runtime/snapshots/store.ts");
    const mem = Memory.open(join(root, "var/lib/aios/aios.db"), { now: () => Date.now() - 30 * DAY });
    for (let i = 0; i < 5; i++) mem.operational.record("event", "test", `old event ${i}`);
    mem.db.close();
    const compact = await act({ kind: "memory.compact-due", key: "memory.compact-due", severity: "info", summary: "", evidence: [], facts: {} });
    expect(compact.outcomes[0]!.out).toMatchObject({ status: "done", effects: [{ kind: "db.maintain", op: "compact", rows: 5 }] });

    let t = Date.now();
    const store = new SnapshotStore(join(root, "var/lib/aios/snapshots"), { runner: realRunner, keepAuto: 100, now: () => ++t });
    for (let i = 0; i < 4; i++) await store.create(`auto ${i}`, { files: [], nft: false, dpkg: false }, true);
    await store.create("manual", { files: [], nft: false, dpkg: false }, false);
    const f = (await detect({ keep_auto_snapshots: 2 })).find((x) => x.kind === "snapshots.excess")!;
    expect((await act(f)).outcomes[0]!.out).toMatchObject({ status: "done", risk: "low" });
    expect(store.list().map((m) => m.desc)).toEqual(["auto 2", "auto 3", "manual"]);
  });
});
