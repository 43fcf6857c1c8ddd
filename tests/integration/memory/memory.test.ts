// Memory on real SQLite with FTS5: tiers, search (lexical and hybrid), retention bounds.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmbedFn, Memory } from "../../../runtime/memory/index.ts";

// A tiny deterministic embedder: words map to concept axes, so "storage exhausted" lands near
// "disk full" although they share no word. It is a real EmbedFn, just a very small model.
const CONCEPTS: Record<string, number> = { disk: 0, storage: 0, full: 1, exhausted: 1, space: 1, network: 2, link: 2, down: 3, offline: 3 };
const conceptEmbed: EmbedFn = async (texts) => texts.map((t) => {
  const v = new Float32Array(8);
  for (const w of t.toLowerCase().split(/\W+/)) { const i = CONCEPTS[w]; if (i !== undefined) v[i]! += 1; }
  return v;
});

let dir: string;
let clock = 1_000_000_000_000;
const now = () => clock;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "aios-mem-")); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("memory tiers", () => {
  it("tracks goals and tasks with their state", () => {
    const m = Memory.open(join(dir, "aios.db"), { now });
    const g = m.working.addGoal("agent:net", "keep the uplink up");
    const t = m.working.addTask(g.id, "restart dhcp", { iface: "eth0" });
    m.working.setState(t.id, "done");
    expect(m.working.tasks(g.id)).toMatchObject([{ title: "restart dhcp", state: "done", detail: { iface: "eth0" }, owner: "agent:net" }]);
    expect(m.working.open("agent:net").map((w) => w.id)).toEqual([g.id]);
    expect(() => m.working.setState(999, "done")).toThrow(/no goal or task 999/);
  });

  it("records events and tool results and finds them with FTS5", async () => {
    const m = Memory.open(join(dir, "aios.db"), { now });
    m.operational.record("event", "journal", "eth0 link down after carrier loss");
    m.operational.recordToolResult("firewall.list", "ruleset has 3 chains", { chains: 3 });
    const r = await m.search("link down", { tiers: ["operational"] });
    expect(r.mode).toBe("lexical");
    expect(r.hits.map((h) => h.text)).toEqual(["eth0 link down after carrier loss"]);
    expect(m.operational.recent(1, "tool_result")[0]).toMatchObject({ source: "firewall.list", data: { chains: 3 } });
  });

  it("survives FTS5 syntax in the query text", async () => {
    const m = Memory.open(join(dir, "aios.db"), { now });
    await m.longterm.remember({ kind: "fact", title: "ssh port", body: "sshd listens on 22" });
    for (const q of ['"unbalanced', "NEAR(a b)", "title:*", "a AND OR NOT", "-- ; DROP TABLE mem_facts"]) {
      await expect(m.search(q)).resolves.toBeDefined();
    }
    expect((await m.search("ssh")).hits).toHaveLength(1);
  });

  it("uses porter stemming and falls back from all words to any word", async () => {
    const m = Memory.open(join(dir, "aios.db"), { now });
    await m.longterm.remember({ kind: "resolution", title: "disk full on /var", body: "rotated logs and cleaned apt cache", tags: ["disk", "logs"] });
    await m.longterm.remember({ kind: "procedure", title: "restart networking", body: "bring eth0 down and up" });
    expect((await m.search("rotating log")).hits[0]?.title).toBe("disk full on /var");
    expect((await m.search("networking unicorn")).hits[0]?.title).toBe("restart networking");
  });

  it("lets common words filter but not rank, so big tables stay fast", async () => {
    const m = Memory.open(join(dir, "aios.db"), { now });
    const ins = m.db.query("INSERT INTO mem_facts (kind, title, body, created_at, used_at) VALUES ('fact', ?, ?, 0, 0)");
    m.db.transaction(() => { for (let i = 0; i < 1100; i++) ins.run(`note ${i}`, `service restarted item${i}`); })();
    await m.longterm.remember({ kind: "resolution", title: "restart loop", body: "service restarted after oom kill" });
    await m.longterm.remember({ kind: "fact", title: "oom", body: "the oom killer picked postgres" });
    // "service" and "restarted" are common (> 1000 rows); "oom" is rare and ranks; all-words rows first.
    expect((await m.search("service restarted oom", { limit: 2 })).hits.map((h) => h.title)).toEqual(["restart loop", "oom"]);
    // Only common words: newest first.
    expect((await m.search("service restarted", { limit: 1 })).hits[0]?.title).toBe("restart loop");
  });

  it("finds by meaning with an embedder and says it searched hybrid", async () => {
    const m = Memory.open(join(dir, "aios.db"), { now, embed: conceptEmbed });
    await m.longterm.remember({ kind: "resolution", title: "disk full", body: "cleaned /var/log" });
    await m.longterm.remember({ kind: "fact", title: "network link down", body: "cable" });
    const r = await m.search("storage exhausted", { tiers: ["longterm"] });
    expect(r.mode).toBe("hybrid");
    expect(r.hits[0]).toMatchObject({ title: "disk full", via: ["semantic"] });
  });

  it("degrades to lexical while the model runtime is down and backfills later", async () => {
    let up = false;
    const flaky: EmbedFn = async (t) => { if (!up) throw new Error("runtime down"); return conceptEmbed(t); };
    const m = Memory.open(join(dir, "aios.db"), { now, embed: flaky });
    await m.longterm.remember({ kind: "resolution", title: "disk full", body: "cleaned /var/log" });
    expect((await m.search("storage exhausted")).mode).toBe("lexical");
    up = true;
    expect(await m.longterm.backfillEmbeddings()).toBe(1);
    expect((await m.search("storage exhausted")).hits[0]?.title).toBe("disk full");
  });

  it("reopens with migrations applied once", () => {
    Memory.open(join(dir, "aios.db")).db.close();
    const m = Memory.open(join(dir, "aios.db"));
    expect(m.db.query<{ version: number }, []>("SELECT version FROM aios_migrations WHERE scope = 'memory'").get()?.version).toBe(1);
  });
});

describe("retention", () => {
  it("bounds every tier and keeps search consistent", async () => {
    const m = Memory.open(join(dir, "aios.db"), { now, retention: { eventsMaxRows: 5, factsMaxRows: 3, workDoneMaxAgeMs: 1000, metricsRawMaxAgeMs: 3_600_000 } });
    for (let i = 0; i < 10; i++) m.operational.record("event", "t", `event number ${i}`);
    for (let i = 0; i < 5; i++) await m.longterm.remember({ kind: "fact", title: `fact ${i}`, body: "alpha", pinned: i === 0 });
    m.longterm.touch(4);
    const g = m.working.addGoal("a", "old goal");
    m.working.addTask(g.id, "t");
    m.working.setState(g.id, "done");
    for (let i = 0; i < 6; i++) m.operational.metric("cpu", i, clock - 10 * 3_600_000 + i * 60_000);
    m.operational.metric("cpu", 99, clock);
    clock += 5000;

    const r = m.compact();
    expect(r).toMatchObject({ events: 5, facts: 2, metricsRolledUp: 1 });
    expect(r.work).toBeGreaterThanOrEqual(1);
    expect(m.working.open()).toEqual([]);
    expect(m.operational.recent(100).map((e) => e.text)[4]).toBe("event number 5");
    // pinned (1) and used (5) survive; the FTS index forgot the evicted ones
    expect((await m.search("alpha")).hits.map((h) => h.title).sort()).toEqual(["fact 0", "fact 3", "fact 4"]);
    const hourStart = Math.floor((clock - 5000 - 10 * 3_600_000) / 3_600_000) * 3_600_000;
    expect(m.operational.series("cpu")).toEqual([{ ts: hourStart, value: 2.5, bucketMs: 3_600_000 }, { ts: clock - 5000, value: 99, bucketMs: 0 }]);
  });
});
