// Turns the raw errors of a full, read-only or damaged state disk (SQLite result codes, errno) into one
// typed StateDiskError, so aiosctl, the HTTP API and the serial console can say what happened.
import { accessSync, constants, existsSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import { StateDiskError, type StateDiskKind } from "../errors.ts";
import { setting } from "../config/settings.ts";

/** Below this much free space a filesystem counts as full: SQLite needs a few pages for any commit. */
const FULL_BYTES = 64 * 1024;

/** The nearest folder of `path` that exists (a database's folder may not exist yet). */
function existingDir(path: string): string {
  let d = path;
  while (d && d !== "/" && !existsSync(d)) d = dirname(d);
  return d || "/";
}

/** Whether the filesystem holding `path` is read-only or full now; undefined when neither. */
export function probeDisk(path: string): StateDiskKind | undefined {
  const dir = existingDir(path);
  try { accessSync(dir, constants.W_OK); } catch (e) { if ((e as NodeJS.ErrnoException).code === "EROFS") return "readonly"; }
  try {
    const s = statfsSync(dir);
    // What an unprivileged service may still use: the agent host writes as aios-agent. (ext4 counts
    // clusters kept for its own metadata as free even for root, so free-for-root never reaches 0.)
    if (s.blocks > 0 && s.bavail * s.bsize < FULL_BYTES) return "full";
  } catch { /* no statfs: cannot tell */ }
  return undefined;
}

function kindOf(code: string, path: string): StateDiskKind | undefined {
  if (code === "SQLITE_FULL" || code === "ENOSPC" || code === "EDQUOT") return "full";
  if (code === "EROFS") return "readonly";
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") return "corrupt";
  // These also mean "no permission" or "no such file": only the filesystem's own state tells.
  if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_CANTOPEN")) return probeDisk(path);
  return undefined;
}

/**
 * `err` as a StateDiskError when it is one of the disk's conditions, else `err` unchanged. `path` is
 * the database or file being used (an fs error's own path wins); the state dir when unknown.
 */
export function asStateDiskError(err: unknown, path?: string): unknown {
  if (err instanceof StateDiskError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string") return err;
  const where = (err as { path?: string }).path ?? path ?? setting("state_dir");
  const kind = kindOf(code, where);
  return kind ? new StateDiskError(kind, where, { cause: err }) : err;
}

/** Runs `fn`, rethrowing a disk condition as a StateDiskError about `path`. */
export function onDisk<T>(path: string, fn: () => T): T {
  try { return fn(); } catch (err) { throw asStateDiskError(err, path); }
}
