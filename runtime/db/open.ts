// The one module that opens SQLite. Every database in aiOS is WAL, has a busy timeout and runs its
// migrations through `migrate`, so readers in other processes never block the writer.
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { StateDiskError, SystemError } from "../errors.ts";
import { asStateDiskError } from "./disk-error.ts";
import { setting } from "../config/settings.ts";

export interface OpenOptions {
  readonly?: boolean;
  /**
   * FULL (default) makes each commit durable across a power cut: what a caller was told is done stays
   * done. NORMAL only survives a crash; for data nobody is told about (the monitor's samples).
   */
  synchronous?: "NORMAL" | "FULL";
}

export const defaultDbPath = () => setting("state_db");

export function openDatabase(path: string, opts: OpenOptions = {}): Database {
  try {
    if (!opts.readonly && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    const db = opts.readonly ? new Database(path, { readonly: true }) : new Database(path, { create: true });
    db.exec("PRAGMA busy_timeout = 5000");
    if (!opts.readonly) {
      walMode(db);
      db.exec(`PRAGMA synchronous = ${opts.synchronous ?? "FULL"}`);
      db.exec("PRAGMA foreign_keys = ON");
    }
    return db;
  } catch (cause) {
    const disk = asStateDiskError(cause, path);
    if (disk instanceof StateDiskError) throw disk;
    throw new SystemError(`cannot open database ${path}: ${(cause as Error).message}`, "check the state disk is mounted and not full", { cause });
  }
}

/**
 * Switches a database to WAL. Processes that open one new file at the same moment (the agent host,
 * aiosctl and the console at boot) each take a shared lock to make the switch and then need it alone:
 * SQLite answers all but one SQLITE_BUSY at once, without the busy handler, since waiting could
 * deadlock (seen in CI: "database is locked" in the migration race test). The others try again until
 * the first has switched it, for as long as the busy timeout.
 */
function walMode(db: Database, timeoutMs = 5000): void {
  for (let waited = 0; ; waited += 25) {
    try {
      db.exec("PRAGMA journal_mode = WAL");
      return;
    } catch (err) {
      if (!/database is locked|SQLITE_BUSY/i.test((err as Error).message) || waited >= timeoutMs) throw err;
      Bun.sleepSync(25);
    }
  }
}

export interface Migration {
  /** Strictly increasing, starting at 1; stored in PRAGMA user_version. */
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies the migrations newer than the scope's recorded version, all in one transaction.
 * Several components share one database, so each owns a namespace of versions via `scope`
 * (a row in aios_migrations) rather than the single global user_version.
 *
 * Several processes open the same database at boot (the agent host, aiosctl, the console), so the
 * check and the migrating happen in one BEGIN IMMEDIATE transaction: the second process waits for the
 * first (busy timeout), then re-reads the version inside its own write lock and finds nothing to do.
 * A read outside the lock first keeps the common case (already current) from taking the write lock.
 */
export function migrate(db: Database, scope: string, migrations: readonly Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const latest = sorted.at(-1)?.version ?? 0;
  const recorded = () => {
    const table = db.query<{ n: number }, []>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'aios_migrations'").get()!.n;
    return table ? db.query<{ version: number }, [string]>("SELECT version FROM aios_migrations WHERE scope = ?").get(scope)?.version ?? 0 : 0;
  };
  const seen = recorded();
  if (seen >= latest) return seen;
  return db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS aios_migrations (scope TEXT PRIMARY KEY, version INTEGER NOT NULL, applied_at INTEGER NOT NULL)");
    let current = recorded(); // again, under the write lock: another process may have migrated meanwhile
    for (const m of sorted) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.query("INSERT INTO aios_migrations (scope, version, applied_at) VALUES (?, ?, ?) ON CONFLICT(scope) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at")
        .run(scope, m.version, Date.now());
      current = m.version;
    }
    return current;
  }).immediate();
}
