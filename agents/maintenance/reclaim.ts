// Pure views of an observation shared by the detectors and the disk-space rules: which logs are due
// for rotation, which rotated logs are past retention, which temp files are stale, per mount.
import { type FileInfo, baseLog, isCompressed, isRotated, isTextLog } from "../../tools/maintenance/files.ts";
import { protectedReason } from "../../tools/maintenance/guard.ts";
import type { MaintObs } from "./observe.ts";

const DAY = 86_400_000;
export const sum = (fs: readonly FileInfo[]) => fs.reduce((n, f) => n + f.bytes, 0);

/** Files housekeeping may touch (the guard's verdict, so findings never name what tools refuse). */
const disposable = (fs: readonly FileInfo[], root: string) => fs.filter((f) => protectedReason(f.path, root) === null);

export function liveLogsOver(obs: MaintObs, bytes: number, root: string): FileInfo[] {
  return disposable(obs.logs, root).filter((f) => isTextLog(f.path) && !isRotated(f.path) && f.bytes >= bytes && f.bytes > 0);
}

export function uncompressedRotated(obs: MaintObs, root: string): FileInfo[] {
  return disposable(obs.logs, root).filter((f) => isTextLog(f.path) && isRotated(f.path) && !isCompressed(f.path) && f.bytes > 0);
}

/** Rotated logs beyond the newest `keep` per log, or older than `maxDays` (what logs.prune deletes). */
export function pastRetention(obs: MaintObs, keep: number, maxDays: number, root: string): FileInfo[] {
  const byLog = new Map<string, FileInfo[]>();
  for (const f of disposable(obs.logs, root)) if (isRotated(f.path)) byLog.set(baseLog(f.path), [...(byLog.get(baseLog(f.path)) ?? []), f]);
  const cutoff = obs.now - maxDays * DAY;
  return [...byLog.values()].flatMap((fs) => [...fs].sort((a, b) => b.mtimeMs - a.mtimeMs).filter((f, i) => i >= keep || f.mtimeMs < cutoff));
}

/** Temp files neither read nor written for `days` (what temp.clean deletes). */
export function staleTemp(obs: MaintObs, days: number, root: string): FileInfo[] {
  const cutoff = obs.now - days * DAY;
  return disposable(obs.temp, root).filter((f) => Math.max(f.mtimeMs, f.atimeMs) < cutoff);
}

/** The files of `fs` on `mount`: under its path and not under a deeper watched mount. */
export function onMount(fs: readonly FileInfo[], mountPath: string, allMountPaths: readonly string[]): FileInfo[] {
  const owner = (p: string) => allMountPaths.filter((m) => p === m || p.startsWith(m.endsWith("/") ? m : `${m}/`)).sort((a, b) => b.length - a.length)[0];
  return fs.filter((f) => owner(f.path) === mountPath);
}
