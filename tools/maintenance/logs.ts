// Log housekeeping: rotate and gzip live logs (copy then truncate, so a writer holding the file keeps
// writing), gzip logs another rotator left uncompressed, and delete rotated logs beyond retention.
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, lstatSync, openSync, readSync, renameSync, truncateSync, unlinkSync, appendFileSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { Effect } from "../../runtime/policy/effects.ts";
import { UserError } from "../../runtime/errors.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { fencedPath } from "../files/paths.ts";
import { s } from "../schema.ts";
import type { MaintenanceConfig } from "./config.ts";
import { discardPlan, discardPlanned } from "./discard.ts";
import { baseLog, type FileInfo, isCompressed, isRotated, isTextLog, stampedName, walkFiles } from "./files.ts";
import { assertDisposable, protectedReason } from "./guard.ts";

const DAY = 86_400_000;

/** Gzips the first `bytes` of `from` into `to` durably (written aside, fsynced, renamed into place). */
async function gzipInto(from: string, to: string, bytes: number): Promise<void> {
  const part = `${to}.part`;
  await pipeline(createReadStream(from, { start: 0, end: Math.max(0, bytes - 1) }), createGzip({ level: 6 }), createWriteStream(part, { mode: 0o640 }));
  const fd = openSync(part, "r");
  try { fsyncSync(fd); } finally { closeSync(fd); }
  renameSync(part, to);
}

/** Truncates a live log, keeping what was appended while it was being compressed. */
function truncateKeepingTail(path: string, copied: number): void {
  const size = lstatSync(path).size;
  const tail = Buffer.alloc(Math.max(0, size - copied));
  if (tail.length > 0) { const fd = openSync(path, "r"); try { readSync(fd, tail, 0, tail.length, copied); } finally { closeSync(fd); } }
  truncateSync(path, 0);
  if (tail.length > 0) appendFileSync(path, tail);
}

export function logTools(cfg: MaintenanceConfig): ToolDeclaration[] {
  const logFiles = (paths?: string[]): FileInfo[] => paths
    ? paths.map((p) => fencedPath(p, cfg.logDirs)).filter((p) => existsSync(p) && lstatSync(p).isFile()).map((p) => { const st = lstatSync(p); return { path: p, bytes: st.size, mtimeMs: st.mtimeMs, atimeMs: st.atimeMs }; })
    : cfg.logDirs.flatMap((d) => walkFiles(d));
  return [
    tool<{ minBytes: number; paths?: string[] }>({
      name: "logs.compress",
      description: "Rotate live logs of at least minBytes into <log>.<stamp>.gz (copy, then truncate) and gzip rotated logs left uncompressed.",
      input: s.object({ minBytes: s.int("rotate live logs at least this big", 1, 2 ** 40), paths: s.array(s.string("a log file", { pattern: "^/" }), "only these logs (default: every log dir)", 1000) }, ["minBytes"]),
      capabilities: ["logs.write"],
      destructive: true,
      timeoutMs: 600_000,
      async plan({ minBytes, paths }) {
        const effects: Effect[] = [];
        const notes: string[] = [];
        const taken = new Set<string>();
        const exists = (p: string) => taken.has(p) || existsSync(p);
        for (const f of logFiles(paths)) {
          const why = protectedReason(f.path, cfg.root);
          if (why) { notes.push(`left alone: ${why}`); continue; }
          if (!isTextLog(f.path) || isCompressed(f.path) || f.bytes === 0) continue;
          const live = !isRotated(f.path);
          if (live && f.bytes < minBytes) continue;
          const to = stampedName(live ? f.path : baseLog(f.path), f.mtimeMs, exists);
          taken.add(to);
          effects.push({ kind: "file.compress", path: f.path, bytes: f.bytes, to, then: live ? "truncate" : "remove" });
        }
        if (paths && effects.length === 0 && notes.length > 0) throw new UserError(notes.join("; "));
        return { effects, notes };
      },
      async execute(_input, _ctx, plan) {
        const done: { path: string; to: string }[] = [];
        for (const e of plan.effects) {
          if (e.kind !== "file.compress") continue;
          const p = fencedPath(e.path, cfg.logDirs);
          const to = fencedPath(e.to, cfg.logDirs);
          assertDisposable(p, cfg.root);
          assertDisposable(to, cfg.root);
          if (!existsSync(p) || !lstatSync(p).isFile() || existsSync(to)) continue;
          // A live log is copied as it is now; a rotated one as previewed (nobody writes to it).
          const bytes = e.then === "truncate" ? lstatSync(p).size : e.bytes;
          await gzipInto(p, to, bytes);
          if (e.then === "truncate") truncateKeepingTail(p, bytes); else unlinkSync(p);
          done.push({ path: p, to });
        }
        return { compressed: done };
      },
    }),
    tool<{ keep: number; olderThanDays: number }>({
      name: "logs.prune",
      description: "Delete rotated logs beyond the newest `keep` per log, or older than some days.",
      input: s.object({ keep: s.int("rotated files kept per log", 0, 1000), olderThanDays: s.int("delete rotated logs older than this", 0, 3650) }),
      capabilities: ["logs.write"],
      destructive: true,
      timeoutMs: 120_000,
      async plan({ keep, olderThanDays }) {
        const cutoff = (cfg.now ?? Date.now)() - olderThanDays * DAY;
        const byLog = new Map<string, FileInfo[]>();
        for (const f of logFiles()) if (isRotated(f.path)) byLog.set(baseLog(f.path), [...(byLog.get(baseLog(f.path)) ?? []), f]);
        const doomed = [...byLog.values()].flatMap((fs) => fs.sort((a, b) => b.mtimeMs - a.mtimeMs).filter((f, i) => i >= keep || f.mtimeMs < cutoff));
        return discardPlan(doomed, cfg.root);
      },
      async execute(_input, _ctx, plan) {
        return discardPlanned(plan, cfg.logDirs, cfg.root);
      },
    }),
  ];
}
