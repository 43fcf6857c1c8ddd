// The audit table. One row per entry; `hash` covers the previous row's hash, so the rows form a chain
// that `verify` can walk. Rows are never updated by the code: only appended.
import type { Migration } from "../db/open.ts";

export const AUDIT_SCOPE = "audit";

export const auditMigrations: readonly Migration[] = [
  {
    version: 1,
    name: "audit log",
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        subject TEXT NOT NULL,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_kind ON audit_log(kind, seq);
    `,
  },
];
