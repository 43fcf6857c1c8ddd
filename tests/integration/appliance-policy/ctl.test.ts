// aiosctl's policy verbs against a real aios init and state database: audit verify/tail/export, tool
// calls through the policy into approvals, approve/reject, lock-out refusals, snapshots, exit codes,
// and a tampered database that verify names by entry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Database } from "bun:sqlite";
import { verifyExport } from "../../../runtime/audit/verify.ts";
import { Memory } from "../../../runtime/memory/index.ts";
import type { InitUnderTest } from "../init/fixture.ts";
import { ctl, startAppliance } from "./fixture.ts";

let init: InitUnderTest;
beforeAll(async () => {
  init = await startAppliance();
  // The recorder has written boot's changes before the verbs read the log.
  await init.until(async () => JSON.parse((await ctl(init, "audit", "tail", "--json", "--kind", "service.state")).stdout).entries.length, (n) => n >= 4);
});
afterAll(async () => { await init.stop(); });

const pending = async () => (JSON.parse((await ctl(init, "approvals", "--json")).stdout) as { approvals: { id: string; tool: string; status: string }[] }).approvals;

describe("aiosctl audit", () => {
  it("verifies the chain, as text and as JSON", async () => {
    const human = await ctl(init, "audit", "verify");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^OK \(\d+ entries, head [0-9a-f]{16}\)/);
    const json = JSON.parse((await ctl(init, "audit", "verify", "--json")).stdout);
    expect(json.ok).toBe(true);
    expect(json.count).toBeGreaterThanOrEqual(4);
  });

  it("tails by count and kind, and refuses a bad count", async () => {
    const r = JSON.parse((await ctl(init, "audit", "tail", "-n", "2", "--kind", "service.state", "--json")).stdout) as { entries: { kind: string; seq: number }[] };
    expect(r.entries).toHaveLength(2);
    expect(r.entries.every((e) => e.kind === "service.state")).toBe(true);
    expect(r.entries[0]!.seq).toBeLessThan(r.entries[1]!.seq);
    expect((await ctl(init, "audit", "tail")).stdout).toMatch(/service\.state\s+init alpha/);
    const bad = await ctl(init, "audit", "tail", "-n", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("-n must be an integer ≥ 1");
  });

  it("exports NDJSON that verifies away from the database, from any entry on", async () => {
    const all = (await ctl(init, "audit", "export")).stdout.trim().split("\n");
    expect(verifyExport(all)).toMatchObject({ ok: true, count: all.length });
    const part = (await ctl(init, "audit", "export", "--from", "2")).stdout.trim().split("\n");
    expect(JSON.parse(part[0]!).seq).toBe(2);
    expect(verifyExport(part).ok).toBe(true);
    expect(JSON.parse((await ctl(init, "audit", "export", "--json")).stdout).length).toBeGreaterThanOrEqual(all.length);
    expect((await ctl(init, "audit", "export", "--from", "x")).code).toBe(2);
  });
});

describe("aiosctl tool call, approvals, approve and reject", () => {
  it("queues a risky call with who, what, why, effects and expiry, and approving it runs it", async () => {
    const before = (await init.service("alpha")).pid;
    const call = await ctl(init, "tool", "call", "services.control", "--input", '{"id":"alpha","action":"restart"}', "--why", "alpha looks stuck");
    expect(call.code).toBe(0);
    const id = /queued for approval as (apr-[0-9a-f]{8})/.exec(call.stdout)![1]!;
    const human = (await ctl(init, "approvals")).stdout;
    expect(human).toContain(id);
    expect(human).toMatch(/who:\s+operator/);
    expect(human).toMatch(/what:\s+services\.control \{"id":"alpha","action":"restart"\}/);
    expect(human).toMatch(/why:\s+alpha looks stuck \(human\)/);
    expect(human).toMatch(/effects:\s+restart service alpha/);
    expect(human).toMatch(/expires in 60 min/);
    expect((await init.service("alpha")).pid).toBe(before); // nothing ran yet

    const ok = await ctl(init, "approve", id, "--json");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ approval: { id, status: "approved" }, outcome: { status: "done" } });
    expect((await init.service("alpha")).pid).not.toBe(before);
    expect(await pending()).toEqual([]);
    const again = await ctl(init, "approve", id);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`approval ${id} is executed, not pending`);
    const kinds = (JSON.parse((await ctl(init, "audit", "tail", "-n", "50", "--json")).stdout).entries as { kind: string; subject: string }[]).map((e) => e.kind);
    for (const k of ["approval.requested", "approval.approved", "tool.call", "approval.executed"]) expect(kinds).toContain(k);
    const memory = Memory.open(`${init.dir}/aios.db`);
    const results = memory.operational.recent(20, "tool_result").map((e) => e.text);
    memory.db.close();
    expect(results).toContain("operator services.control done [restart service alpha]");
  });

  it("rejects with a note, and the file it would have written never appears", async () => {
    const path = `${init.dir}/etc/motd.toml`;
    const call = JSON.parse((await ctl(init, "tool", "call", "files.write", "--input", JSON.stringify({ path, content: "hello\n" }), "--json")).stdout);
    expect(call).toMatchObject({ status: "pending", effects: [{ kind: "file.write", path }] });
    const r = await ctl(init, "reject", call.approvalId, "--note", "not today");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${call.approvalId} rejected by user:`);
    expect(existsSync(path)).toBe(false);
    const all = JSON.parse((await ctl(init, "approvals", "--all", "--json")).stdout).approvals as { id: string; status: string; note: string }[];
    expect(all.find((a) => a.id === call.approvalId)).toMatchObject({ status: "rejected", note: "not today" });
    expect((await ctl(init, "reject", "apr-00000000")).code).toBe(4);
  });

  it("refuses lock-outs, unknown tools and agents without a policy, with exit codes", async () => {
    const lock = await ctl(init, "tool", "call", "services.control", "--input", '{"id":"dropbear","action":"stop"}');
    expect(lock.code).toBe(1);
    expect(lock.stderr).toContain("lock-out guard: would cut off access: stopping service dropbear");
    expect((await ctl(init, "tool", "call", "services.control", "--input", '{"id":"web","action":"stop"}')).stderr).toContain("stopping service web");
    expect((await init.service("dropbear")).state).toBe("ready");
    const unknown = await ctl(init, "tool", "call", "no.such.tool");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no tool named no.such.tool");
    const badJson = await ctl(init, "tool", "call", "services.list", "--input", "{nope");
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain("--input is not JSON");
    const stranger = await ctl(init, "tool", "call", "services.list", "--agent", "netbot");
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain('no policy for agent "netbot"');
  });

  it("applies an agent's policy from its config file", async () => {
    writeFileSync(`${init.dir}/etc/agents/netbot.toml`, '[policy]\nmode = "normal"\ncapabilities = ["svc.read"]\n');
    const list = JSON.parse((await ctl(init, "tool", "call", "services.list", "--agent", "netbot", "--json")).stdout);
    expect(list.status).toBe("done");
    expect(list.result.map((s: { id: string }) => s.id)).toContain("alpha");
    expect(list.result.find((s: { id: string }) => s.id === "alpha").state).toBe("running");
    const lacking = await ctl(init, "tool", "call", "services.control", "--agent", "netbot", "--input", '{"id":"alpha","action":"restart"}');
    expect(lacking.stderr).toContain("lacks capability svc.control:alpha");
    expect((await ctl(init, "tool", "list")).stdout).toMatch(/services\.control\s+!/);
  });
});

describe("aiosctl snapshot, snapshots, restore", () => {
  it("snapshots the configuration and puts it back", async () => {
    const file = `${init.dir}/etc/agents/netbot.toml`;
    const original = readFileSync(file, "utf8");
    const snap = JSON.parse((await ctl(init, "snapshot", "--config-only", "before edits", "--json")).stdout) as { id: string; files: { path: string }[] };
    expect(snap.files.map((f) => f.path)).toContain(file);
    writeFileSync(file, "garbage");
    const list = await ctl(init, "snapshots");
    expect(list.stdout).toMatch(new RegExp(`${snap.id}\\s+\\S+\\s+manual\\s+\\d+ files\\s+before edits`));
    const r = await ctl(init, "restore", snap.id);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`restored ${snap.id}`);
    expect(readFileSync(file, "utf8")).toBe(original);
    expect((await ctl(init, "restore", "snap-nope")).code).toBe(4);
  });
});

describe("a tampered audit log", () => {
  it("catches entries cut from the end against an anchor taken earlier", async () => {
    const head = JSON.parse((await ctl(init, "audit", "verify", "--json")).stdout).head as { seq: number; hash: string };
    expect((await ctl(init, "audit", "verify", "--anchor", `${head.seq}:${head.hash}`)).code).toBe(0);
    const db = new Database(`${init.dir}/audit.db`);
    db.exec("PRAGMA busy_timeout = 5000");
    db.query("DELETE FROM audit_log WHERE seq >= ?").run(head.seq);
    db.close();
    const r = await ctl(init, "audit", "verify", "--anchor", `${head.seq}:${head.hash}`);
    expect(r.code).toBe(1);
    // (were the recorder to append meanwhile, the new entry at that seq would differ from the anchor)
    expect(r.stderr).toMatch(new RegExp(`entries ${head.seq}\\.\\.${head.seq} were removed from the end|entry ${head.seq} differs from the recorded anchor`));
    expect((await ctl(init, "audit", "verify", "--anchor", "12:abc")).code).toBe(2);
  });

  it("fails verify with the entry number and a non-zero exit", async () => {
    const db = new Database(`${init.dir}/audit.db`);
    db.exec("PRAGMA busy_timeout = 5000");
    db.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").run();
    db.close();
    const r = await ctl(init, "audit", "verify");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BROKEN at entry 3: entry 3 was modified (hash mismatch)");
    const json = await ctl(init, "audit", "verify", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
