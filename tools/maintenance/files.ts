// Walking clean-up trees without following links, and the names rotation gives logs. Shared by the
// maintenance tools and the maintenance agent's observer, so both see the same files the same way.
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

export interface FileInfo { path: string; bytes: number; mtimeMs: number; atimeMs: number }

/** Regular files under `dir` (symlinks and special files are skipped, never followed); at most `limit`. */
export function walkFiles(dir: string, limit = 100_000): FileInfo[] {
  const out: FileInfo[] = [];
  const visit = (d: string) => {
    let entries;
    try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (out.length >= limit) return;
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) {
        try { const st = lstatSync(p); out.push({ path: p, bytes: st.size, mtimeMs: st.mtimeMs, atimeMs: st.atimeMs }); } catch { /* gone meanwhile */ }
      }
    }
  };
  visit(dir);
  return out;
}

/** Names a rotation leaves behind: x.1, x.2.gz, x.old, x-20250101, x.20250101-101500.gz. */
const ROTATED = /(\.\d+|\.old|-\d{8}|\.\d{8}-\d{6}(-\d+)?)(\.(gz|xz|zst|bz2))?$|\.(gz|xz|zst|bz2)$/;
const COMPRESSED = /\.(gz|xz|zst|bz2)$/;
/** Binary accounting files: rotating or truncating them breaks `last`/`lastlog`; they are not text logs. */
const NOT_TEXT_LOGS = /(^|\/)(lastlog|wtmp|btmp|faillog|utmp)$|\.journal~?$/;

export const isRotated = (path: string) => ROTATED.test(path);
export const isCompressed = (path: string) => COMPRESSED.test(path);
export const isTextLog = (path: string) => !NOT_TEXT_LOGS.test(path);

/** The live log a rotated file came from: /var/log/app.log.2.gz → /var/log/app.log. */
export function baseLog(path: string): string {
  return path.replace(ROTATED, "");
}

/** A rotated name stamped with the content's last write, so names sort by age and never collide. */
export function stampedName(base: string, mtimeMs: number, exists: (p: string) => boolean): string {
  const iso = new Date(mtimeMs).toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 19).replace(/:/g, "")}`;
  let name = `${base}.${stamp}.gz`;
  for (let i = 2; exists(name); i++) name = `${base}.${stamp}-${i}.gz`;
  return name;
}
