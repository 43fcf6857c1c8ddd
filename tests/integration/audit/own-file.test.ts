// The audit log in its own file: an older chain in the state database moves over once (still
// verifying), and a damaged audit file is reported at the entry where reading breaks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "../../../runtime/audit/index.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { middleLeaf, overwritePages } from "../../fixtures/damage.ts";

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "aios-auditfile-")); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entries = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ kind: "tool.call", actor: "agent:t", subject: `t${from + i}`, data: { i: from + i, pad: "x".repeat(300) } }));

describe("the audit log's own file", () => {
  it("takes over the chain kept in the state database once, and it still verifies", () => {
    const state = join(dir, "aios.db");
    const old = new AuditLog(openDatabase(state)); // the layout before the audit log had its own file
    old.appendMany(entries(5));
    const head = old.head();
    old.db.close();

    const log = AuditLog.open(join(dir, "audit.db"), { importFrom: state });
    expect(log.verify()).toEqual({ ok: true, count: 5, head });
    log.append(entries(1, 5)[0]!);
    expect(log.verify()).toMatchObject({ ok: true, count: 6 });
    log.db.close();

    const s = openDatabase(state, { readonly: true });
    const tables = s.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'audit_log%'").all().map((r) => r.name);
    s.close();
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatch(/^audit_log_moved_\d+$/); // kept, never read again

    const again = AuditLog.open(join(dir, "audit.db"), { importFrom: state });
    expect(again.verify()).toMatchObject({ ok: true, count: 6 }); // not copied twice
    again.db.close();
  });

  it("a damaged audit file is reported with the entry where the chain breaks", () => {
    const path = join(dir, "audit.db");
    const log = AuditLog.open(path);
    log.appendMany(entries(200));
    log.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    log.db.close();
    overwritePages(path, [middleLeaf(path, "audit_log")], 7);

    const r = AuditLog.open(path, { readonly: true }).verify();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.brokenAt).toBeGreaterThan(1);
    expect(r.brokenAt).toBeLessThan(200);
    expect(r.reason).toMatch(new RegExp(`^entry ${r.brokenAt} `));
  });
});
