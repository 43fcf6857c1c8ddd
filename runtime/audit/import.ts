// Moves an audit chain kept in the state database (before the audit log had its own file) into the
// audit file, once: rows are copied as stored (hashes unchanged, so the chain still verifies), then
// the old table is renamed audit_log_moved, so it is never read or copied again.
import type { Database } from "bun:sqlite";
import { existsSync } from "node:fs";

const has = (db: Database, schema: string, table: string) =>
  !!db.query(`SELECT 1 FROM ${schema}.sqlite_master WHERE type = 'table' AND name = ?`).get(table);

/** Copies `from`'s audit_log into `db`'s when `db` has none yet; returns how many rows came over. */
export function importAuditFrom(db: Database, from: string): number {
  if (from === ":memory:" || !existsSync(from) || db.filename === from) return 0;
  db.query("ATTACH DATABASE ? AS old").run(from);
  try {
    if (!has(db, "old", "audit_log")) return 0;
    // IMMEDIATE: two services opening the log at once cannot both copy.
    const copied = db.transaction(() => {
      if (db.query("SELECT 1 FROM main.audit_log LIMIT 1").get()) return 0;
      return db.query("INSERT INTO main.audit_log SELECT seq, ts, kind, actor, subject, data, prev_hash, hash FROM old.audit_log ORDER BY seq").run().changes;
    }).immediate();
    // Kept, not dropped: it is audit data. A state database that cannot be written now is renamed at
    // a later open (the copy above is then skipped, as the audit file is no longer empty).
    try { db.exec(`ALTER TABLE old.audit_log RENAME TO audit_log_moved_${Date.now()}`); } catch { /* later */ }
    return copied;
  } finally {
    db.exec("DETACH DATABASE old");
  }
}
