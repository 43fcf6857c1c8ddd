// Once per boot, before any service opens them: is each database whole (PRAGMA quick_check), and if
// not, move it aside with its -wal and -shm as <name>.corrupt-<time> so a fresh one can start.
import { Database } from "bun:sqlite";
import { chownSync, existsSync, renameSync, statSync } from "node:fs";
import { asStateDiskError } from "./disk-error.ts";
import { StateDiskError } from "../errors.ts";

const SIDE = ["-wal", "-shm"] as const;

/** undefined when the database is whole (or absent); else what quick_check or opening it found. */
export function quickCheck(path: string): string | undefined {
  let owner: ReturnType<typeof statSync>;
  // Absent is fine; unreachable (a folder it may not enter) is an error, never a silent "whole".
  try { owner = statSync(path); } catch (err) { if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined; throw err; }
  let db: Database | undefined;
  try {
    // Read-write, so the last close removes -wal and -shm rather than leaving root's files behind.
    db = new Database(path);
    const rows = db.query<{ quick_check: string }, []>("PRAGMA quick_check(5)").all().map((r) => r.quick_check);
    return rows.length === 1 && rows[0] === "ok" ? undefined : rows.join("; ");
  } catch (err) {
    const disk = asStateDiskError(err, path);
    if (disk instanceof StateDiskError && disk.kind === "corrupt") return (err as Error).message;
    throw disk; // full or read-only: not the file's fault, and moving it would not help
  } finally {
    db?.close();
    // Whoever owns the database (the agent host's is aios-agent's) must own what SQLite left beside it.
    for (const s of SIDE) if (existsSync(path + s)) try { chownSync(path + s, owner.uid, owner.gid); } catch { /* not root */ }
  }
}

/** `aios.db.corrupt-20261203T074500Z`: sorts by time, and names what it was. */
export const corruptName = (path: string, now: number) => `${path}.corrupt-${new Date(now).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}`;

/** Moves the database and its -wal/-shm aside (the WAL keeps its pairing: <moved>-wal); returns the new path. */
export function moveAside(path: string, now = Date.now()): string {
  const to = corruptName(path, now);
  renameSync(path, to);
  for (const s of SIDE) if (existsSync(path + s)) renameSync(path + s, to + s);
  return to;
}
