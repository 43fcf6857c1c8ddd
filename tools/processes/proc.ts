// Reads processes straight from /proc: lighter than spawning ps, and what the signal plan needs.
import { readdirSync, readFileSync } from "node:fs";

export interface ProcInfo { pid: number; ppid: number; name: string; state: string; rssKb: number; cmdline: string }

export function readProc(pid: number, root = "/proc"): ProcInfo | null {
  try {
    const stat = readFileSync(`${root}/${pid}/stat`, "utf8");
    // comm sits in parentheses and may itself contain spaces or parentheses: split at the last ")".
    const close = stat.lastIndexOf(")");
    const name = stat.slice(stat.indexOf("(") + 1, close);
    const rest = stat.slice(close + 2).split(" ");
    const status = readFileSync(`${root}/${pid}/status`, "utf8");
    const rssKb = Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
    const cmdline = readFileSync(`${root}/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim().slice(0, 300);
    return { pid, ppid: Number(rest[1]), name, state: rest[0] ?? "?", rssKb, cmdline };
  } catch {
    return null; // gone between readdir and read
  }
}

export function listProcs(root = "/proc"): ProcInfo[] {
  return readdirSync(root).filter((d) => /^\d+$/.test(d)).map((d) => readProc(Number(d), root)).filter((p): p is ProcInfo => p !== null);
}
