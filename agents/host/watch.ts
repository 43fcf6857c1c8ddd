// Event-driven cycles: a declared watch that is a plain file (e.g. /etc/resolv.conf, /etc/passwd) wakes
// its agent when the file changes, so a fault in a watched file is seen in about a second while the
// polling interval stays long (cheap when idle). Directories are watched for their named files only.
import { existsSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";

/** The watches that are real files (not /proc, not globs, not commands or descriptions). */
export function watchableFiles(watches: readonly string[]): string[] {
  return watches.filter((w) => /^\/[^\s<>*~]+$/.test(w) && !w.startsWith("/proc/") && !/\.db(-wal|-shm)?$/.test(w))
    .filter((w) => !existsSync(w) || statSync(w).isFile());
}

/** Calls `wake` (debounced, at most every `minGapMs`) when one of the files is written, replaced or chmod'ed. */
export function watchFiles(files: readonly string[], wake: () => void, minGapMs = 2000): () => void {
  const byDir = new Map<string, Set<string>>();
  for (const f of files) byDir.set(dirname(f), (byDir.get(dirname(f)) ?? new Set()).add(basename(f)));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  const poke = () => {
    if (timer) return;
    timer = setTimeout(() => { timer = undefined; last = Date.now(); wake(); }, Math.max(300, last + minGapMs - Date.now()));
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    if (!existsSync(dir)) continue;
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => { if (name && names.has(String(name))) poke(); });
      w.on("error", () => {});
      watchers.push(w);
    } catch { /* unreadable or gone: polling still covers it */ }
  }
  return () => { clearTimeout(timer); for (const w of watchers) w.close(); };
}
