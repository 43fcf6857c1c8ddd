// The chain on real SQLite: tampering of each kind is reported at the entry where it happened.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog, verifyExport } from "../../../runtime/audit/index.ts";
import { formatVerify } from "../../../consoles/render/audit.ts";
import { openDatabase } from "../../../runtime/db/open.ts";

let dir: string;
let log: AuditLog;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "aios-audit-"));
  log = AuditLog.open(join(dir, "aios.db"));
  log.appendMany(Array.from({ length: 10 }, (_, i) => ({ kind: "tool.call", actor: "agent:net", subject: `tool${i}`, data: { i, why: { reason: "test" } } })));
});
afterEach(() => { log.db.close(); rmSync(dir, { recursive: true, force: true }); });

describe("audit chain", () => {
  it("verifies an untouched chain and reports its head", () => {
    const r = log.verify();
    expect(r.ok).toBe(true);
    expect(r.count).toBe(10);
    expect(formatVerify(r)).toMatch(/^OK \(10 entries/);
  });

  it("is durable: the connection runs synchronous=FULL", () => {
    expect(log.db.query<{ synchronous: number }, []>("PRAGMA synchronous").get()?.synchronous).toBe(2);
  });

  it("returns appended entries as tail reads them back", () => {
    const a = log.append({ kind: "decision", actor: "a", subject: "s", data: { y: 2, x: 1, "2": "n" } });
    expect(log.tail(1)[0]).toEqual(a);
  });

  it("verifies an export away from the database, and finds an edit in it", () => {
    log.append({ kind: "decision", actor: "a", subject: "s", data: { y: 2, x: 1, "2": "n" } });
    const lines = [...log.exportNdjson()];
    expect(verifyExport(lines)).toMatchObject({ ok: true, count: 11, head: log.head() });
    expect(verifyExport(lines.slice(4))).toMatchObject({ ok: true, count: 7 });
    const forged = lines.map((l, i) => (i === 6 ? l.replace("tool6", "tool7") : l));
    expect(verifyExport(forged)).toMatchObject({ ok: false, brokenAt: 7 });
    expect(verifyExport([...lines.slice(0, 3), ...lines.slice(4)])).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it("detects an edited entry at that entry", () => {
    log.db.exec(`UPDATE audit_log SET data = '{"i":4,"why":{"reason":"forged"}}' WHERE seq = 5`);
    const r = log.verify();
    expect(r).toMatchObject({ ok: false, brokenAt: 5, count: 4 });
    expect(formatVerify(r)).toContain("BROKEN at entry 5");
  });

  it("detects an edited actor or timestamp", () => {
    log.db.exec("UPDATE audit_log SET ts = ts + 1 WHERE seq = 7");
    expect(log.verify()).toMatchObject({ ok: false, brokenAt: 7 });
  });

  it("detects a deleted entry at the gap", () => {
    log.db.exec("DELETE FROM audit_log WHERE seq = 3");
    expect(log.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("detects a deleted entry even when later entries are renumbered", () => {
    log.db.exec("DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > 3");
    expect(log.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("detects two entries swapped at the first moved one", () => {
    log.db.exec(`
      UPDATE audit_log SET seq = -6 WHERE seq = 6;
      UPDATE audit_log SET seq = 6 WHERE seq = 8;
      UPDATE audit_log SET seq = 8 WHERE seq = -6;`);
    expect(log.verify()).toMatchObject({ ok: false, brokenAt: 6 });
  });

  it("detects a rewritten tail only against an anchor recorded earlier", () => {
    const anchor = log.head();
    log.db.exec("DELETE FROM audit_log WHERE seq >= 9");
    expect(log.verify().ok).toBe(true);
    expect(log.verify(anchor)).toMatchObject({ ok: false, brokenAt: 9 });
  });

  it("keeps one chain across two connections appending in turn", () => {
    const other = AuditLog.open(join(dir, "aios.db"));
    for (let i = 0; i < 5; i++) { log.append({ kind: "a", actor: "x", subject: "y" }); other.append({ kind: "b", actor: "x", subject: "y" }); }
    expect(log.verify()).toMatchObject({ ok: true, count: 20 });
    other.db.close();
  });

  it("tails by kind and exports NDJSON that carries the hashes", () => {
    log.append({ kind: "approval.approved", actor: "user:root", subject: "apr-1" });
    expect(log.tail(5, "approval.approved").map((e) => e.subject)).toEqual(["apr-1"]);
    const lines = [...log.exportNdjson(10)];
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ seq: 10, subject: "tool9", data: '{"i":9,"why":{"reason":"test"}}' });
    expect(JSON.parse(lines[1]!).hash).toBe(log.head().hash);
  });

  it("opens read-only for verify, tail and export while a writer appends", () => {
    const ro = AuditLog.open(join(dir, "aios.db"), { readonly: true });
    log.append({ kind: "x", actor: "y", subject: "z" });
    expect(ro.verify()).toMatchObject({ ok: true, count: 11 });
    expect(ro.tail(1)[0]?.subject).toBe("z");
    expect(() => ro.append({ kind: "x", actor: "y", subject: "z" })).toThrow();
    ro.db.close();
  });

  it("survives reopening: the chain continues from the stored head", () => {
    log.db.close();
    log = new AuditLog(openDatabase(join(dir, "aios.db")));
    log.append({ kind: "x", actor: "y", subject: "z" });
    expect(log.verify()).toMatchObject({ ok: true, count: 11 });
  });
});
