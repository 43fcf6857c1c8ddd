// Read-only access to the audit log for the consoles (verify, tail, export). An audit file that
// does not exist yet, or has no audit table yet, is an empty log, not an error.
import { existsSync } from "node:fs";
import { openDatabase } from "../db/open.ts";
import { auditDbPath } from "./paths.ts";
import { AuditLog } from "./log.ts";
import type { VerifyResult } from "./verify.ts";
import { GENESIS_HASH } from "./hash.ts";

/** Runs `fn` on the log opened read-only, or returns `empty` when there is no log yet. */
export function withAuditReadonly<T>(fn: (log: AuditLog) => T, empty: T, path = auditDbPath()): T {
  if (path !== ":memory:" && !existsSync(path)) return empty;
  const db = openDatabase(path, { readonly: true });
  try {
    const table = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    return table ? fn(new AuditLog(db, { readonly: true })) : empty;
  } finally {
    db.close();
  }
}

export const EMPTY_VERIFY: VerifyResult = { ok: true, count: 0, head: { seq: 0, hash: GENESIS_HASH } };
