// The boot-time state check on real SQLite files with pages overwritten: the damaged database is moved
// aside with its WAL, a fresh one starts, the event is in the audit log, and status says so.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "../../../runtime/audit/index.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { Memory } from "../../../runtime/memory/index.ts";
import { checkState } from "../../../runtime/health/state-check.ts";
import { degradedReasons } from "../../../runtime/health/degraded.ts";
import { middleLeaf, overwritePages, pageCount } from "../../fixtures/damage.ts";

let dir: string;
let paths: { state: string; agents: string; audit: string };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "aios-statecheck-"));
  mkdirSync(join(dir, "agents"));
  paths = { state: join(dir, "aios.db"), agents: join(dir, "agents", "agents.db"), audit: join(dir, "audit.db") };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A memory store with enough rows to span many pages, checkpointed into the main file. */
function fillMemory(path: string, n = 400) {
  const m = Memory.open(path);
  m.db.transaction(() => { for (let i = 0; i < n; i++) m.operational.record("service.state", "svc", `event ${i} ${"x".repeat(200)}`, { i }); })();
  m.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  m.db.close();
}

function fillAudit(path: string, n = 300) {
  const log = AuditLog.open(path);
  log.appendMany(Array.from({ length: n }, (_, i) => ({ kind: "tool.call", actor: "agent:t", subject: `t${i}`, data: { i, pad: "y".repeat(200) } })));
  log.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  log.db.close();
}

describe("the boot state check", () => {
  it("leaves whole databases alone and reports nothing", () => {
    fillMemory(paths.state);
    fillAudit(paths.audit);
    expect(checkState(paths)).toMatchObject({ findings: [], errors: [] });
    expect(readdirSync(dir).filter((f) => f.includes("corrupt"))).toEqual([]);
  });

  it("moves a damaged aios.db aside, audits it, and a fresh one opens; the audit chain is untouched", () => {
    fillMemory(paths.state);
    fillAudit(paths.audit);
    overwritePages(paths.state, [2, 3, Math.floor(pageCount(paths.state) / 2)], 42);

    const r = checkState(paths, Date.parse("2026-12-03T07:45:00Z"));
    expect(r.errors).toEqual([]);
    expect(r.findings).toHaveLength(1);
    const moved = `${paths.state}.corrupt-20261203T074500Z`;
    expect(r.findings[0]).toMatchObject({ db: "state", path: paths.state, movedTo: moved });
    expect(existsSync(moved)).toBe(true);
    expect(existsSync(paths.state)).toBe(false);

    const fresh = Memory.open(paths.state); // the owner starts a fresh one
    expect(fresh.db.query("SELECT count(*) AS n FROM mem_events").get()).toEqual({ n: 0 });
    fresh.db.close();

    const log = AuditLog.open(paths.audit);
    expect(log.verify()).toMatchObject({ ok: true, count: 301 }); // nothing lost, one entry more
    expect(log.tail(1)[0]).toMatchObject({ kind: "state.quarantined", actor: "state-check", subject: paths.state, data: { movedTo: moved } });
    log.db.close();

    const report = join(dir, "state-check.json");
    writeFileSync(report, JSON.stringify(r));
    expect(degradedReasons({ stateDir: dir, report })).toEqual([`aios.db was corrupt: moved aside to ${moved}`]);
  });

  it("a damaged audit.db is moved aside and the new chain starts by naming the entry where the old one breaks", () => {
    fillAudit(paths.audit);
    overwritePages(paths.audit, [middleLeaf(paths.audit, "audit_log")], 9);
    const r = checkState(paths);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.db).toBe("audit");
    expect(f.chain!.brokenAt).toBeGreaterThan(1);
    expect(f.chain!.brokenAt).toBeLessThanOrEqual(300);

    const log = AuditLog.open(paths.audit);
    expect(log.verify()).toMatchObject({ ok: true, count: 1 });
    expect(log.tail(1)[0]).toMatchObject({ kind: "audit.damaged", data: { movedTo: f.movedTo, chain: { brokenAt: f.chain!.brokenAt } } });
    log.db.close();
    // The damaged file is kept: verifying it still names the same entry.
    const old = AuditLog.open(f.movedTo, { readonly: true });
    expect(old.verify()).toMatchObject({ ok: false, brokenAt: f.chain!.brokenAt });
    old.db.close();
  });

  it("a file that is not a database at all (header overwritten) is moved aside too", () => {
    fillMemory(paths.agents);
    overwritePages(paths.agents, [1], 3);
    const r = checkState(paths);
    expect(r.findings.map((f) => f.db)).toEqual(["agents"]);
    expect(openDatabase(paths.agents).query("PRAGMA quick_check").get()).toEqual({ quick_check: "ok" });
  });
});
