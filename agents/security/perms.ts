// Permission watches: SUID/SGID files found by a bounded walk (one filesystem, no symlinks followed,
// at most N entries), and the modes of secrets against the loosest mode each may have.
import { lstatSync, readdirSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import type { Secret } from "./settings.ts";

export interface SuidFile { path: string; mode: number; uid: number }
export interface SecretMode { path: string; mode: number; max: number; dir: boolean }
export interface SuidScan { files: SuidFile[]; truncated: boolean }

const SKIP = new Set(["/proc", "/sys", "/run"]);

/** Walks `dirs` under `root`; paths in the result are as seen on the system (root stripped). */
export function scanSuid(root: string, dirs: readonly string[], maxEntries: number): SuidScan {
  const files: SuidFile[] = [];
  let seen = 0;
  for (const top of dirs) {
    const st = lstatSync(join(root, top), { throwIfNoEntry: false });
    if (!st?.isDirectory()) continue;
    const stack = [top];
    while (stack.length) {
      const dir = stack.pop()!;
      let names: string[];
      try { names = readdirSync(join(root, dir)); } catch { continue; }
      for (const n of names) {
        if (++seen > maxEntries) return { files: dedupe(files), truncated: true };
        const p = dir === "/" ? `/${n}` : `${dir}/${n}`;
        const s = lstatSync(join(root, p), { throwIfNoEntry: false });
        if (!s || s.isSymbolicLink()) continue;
        if (s.isDirectory()) { if (s.dev === st.dev && !SKIP.has(p)) stack.push(p); continue; }
        if (s.isFile() && (s.mode & 0o6000) !== 0) files.push({ path: p, mode: s.mode & 0o7777, uid: s.uid });
      }
    }
  }
  return { files: dedupe(files), truncated: false };
}

/** What one directory held at its last listing: valid while the directory's own stat is the same. */
interface DirScan { key: string; names: number; files: SuidFile[]; subdirs: string[] }
/** Per-cycle walk state: the listings by directory, and when the last full walk (every file lstat'd) ran. */
export interface SuidCache { dirs: Map<string, DirScan>; fullAt: number }
export const suidCache = (): SuidCache => ({ dirs: new Map(), fullAt: -Infinity });

/**
 * A directory whose contents changed this recently (mtime) may change again within the same timestamp:
 * never trusted. ctime is in the key, so mtime set back with utimes still counts as a change.
 */
const RACY_MS = 2000;
const dirKey = (s: Stats) => (Date.now() - s.mtimeMs < RACY_MS ? null : `${s.ino}:${s.mtimeMs}:${s.ctimeMs}:${s.mode}`);

/**
 * scanSuid for the per-cycle watch: a directory whose stat (mtime, ctime, inode) is unchanged since it
 * was last listed is not listed again: its SUID files and subdirectories are the cached ones. Adding,
 * removing or renaming a file changes its directory's mtime; `chmod u+s` on a file already there, or
 * rewriting it in place, does not, so every `rescanMs` the walk lstats every entry again (a full walk).
 */
export function scanSuidCached(root: string, dirs: readonly string[], maxEntries: number, cache: SuidCache, rescanMs: number, now = Date.now()): SuidScan {
  const full = now - cache.fullAt >= rescanMs || now < cache.fullAt;
  const files: SuidFile[] = [];
  const next = new Map<string, DirScan>();
  let seen = 0;
  for (const top of dirs) {
    const st = lstatSync(join(root, top), { throwIfNoEntry: false });
    if (!st?.isDirectory()) continue;
    const stack = [top];
    while (stack.length) {
      const dir = stack.pop()!;
      const ds = lstatSync(join(root, dir), { throwIfNoEntry: false });
      if (!ds?.isDirectory()) continue;
      const key = dirKey(ds);
      let scan = full || key === null ? undefined : cache.dirs.get(dir);
      if (scan?.key !== key) scan = undefined;
      if (!scan) {
        let names: string[];
        try { names = readdirSync(join(root, dir)); } catch { continue; }
        scan = { key: key ?? "", names: names.length, files: [], subdirs: [] };
        for (const n of names) {
          const p = dir === "/" ? `/${n}` : `${dir}/${n}`;
          const s = lstatSync(join(root, p), { throwIfNoEntry: false });
          if (!s || s.isSymbolicLink()) continue;
          if (s.isDirectory()) { if (s.dev === st.dev && !SKIP.has(p)) scan.subdirs.push(p); continue; }
          if (s.isFile() && (s.mode & 0o6000) !== 0) scan.files.push({ path: p, mode: s.mode & 0o7777, uid: s.uid });
        }
      }
      seen += scan.names;
      if (seen > maxEntries) {
        // Over the bound: what the plain walk would answer (it stops at the bound), and nothing kept.
        cache.dirs.clear(); cache.fullAt = -Infinity;
        return scanSuid(root, dirs, maxEntries);
      }
      if (key !== null) next.set(dir, scan);
      files.push(...scan.files);
      stack.push(...scan.subdirs);
    }
  }
  cache.dirs = next;
  if (full) cache.fullAt = now;
  return { files: dedupe(files), truncated: false };
}

const dedupe = (fs: SuidFile[]) => [...new Map(fs.map((f) => [f.path, f])).values()].sort((a, b) => a.path.localeCompare(b.path));

/** Secret paths, with `*` in the last component expanded, plus each authorized_keys and its .ssh dir. */
export function secretTargets(root: string, secrets: readonly Secret[], keyFiles: readonly string[]): Secret[] {
  const out: Secret[] = [];
  for (const s of secrets) {
    const base = s.path.slice(s.path.lastIndexOf("/") + 1);
    if (!base.includes("*")) { out.push(s); continue; }
    const re = new RegExp(`^${base.split("*").map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
    try { for (const n of readdirSync(join(root, dirname(s.path)))) if (re.test(n)) out.push({ path: `${dirname(s.path)}/${n}`, max: s.max }); } catch { /* no such dir */ }
  }
  for (const k of keyFiles) out.push({ path: dirname(k), max: 0o700 }, { path: k, max: 0o600 });
  return out;
}

/** Modes of the secrets that exist (symlinks are not followed: their target is what matters, and is listed itself). */
export function readSecretModes(root: string, targets: readonly Secret[]): SecretMode[] {
  return targets.flatMap((t) => {
    const s = lstatSync(join(root, t.path), { throwIfNoEntry: false });
    if (!s || s.isSymbolicLink() || !(s.isFile() || s.isDirectory())) return [];
    return [{ path: t.path, mode: s.mode & 0o7777, max: t.max, dir: s.isDirectory() }];
  });
}

/** Loose: any bit set beyond what `max` allows. The fix keeps only the allowed bits. */
export const isLoose = (m: SecretMode) => (m.mode & ~m.max) !== 0;
export const tightened = (m: SecretMode) => m.mode & m.max;
