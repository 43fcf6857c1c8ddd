// Orphan reaping. Bun does not reap children it did not spawn, so zombies adopted by PID 1 would pile
// up. We scan /proc for zombies whose parent is us and which we did not spawn (Bun reaps those and
// hands us their exit codes), and waitpid them one by one.
import { readdirSync, readFileSync } from "node:fs";
import { reap } from "./libc.ts";

/** Parses /proc/<pid>/stat: the state and parent pid follow the parenthesised command name. */
export function parseStat(stat: string): { state: string; ppid: number } | undefined {
  const close = stat.lastIndexOf(")");
  if (close < 0) return undefined;
  const [state, ppid] = stat.slice(close + 2).split(" ");
  return state && ppid ? { state, ppid: Number(ppid) } : undefined;
}

export function reapOrphans(ownPids: ReadonlySet<number>, self = process.pid): number {
  let reaped = 0;
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || ownPids.has(pid)) continue;
    let stat: string;
    try { stat = readFileSync(`/proc/${pid}/stat`, "utf8"); } catch { continue; }
    const s = parseStat(stat);
    if (s?.state === "Z" && s.ppid === self && reap(pid)) reaped++;
  }
  return reaped;
}
