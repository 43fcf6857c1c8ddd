// Per-process CPU from /proc/<pid>/stat deltas. The previous reading (ticks per pid) lives in the
// memo, so the first observation after a start has no rates yet and the next one does.
import { readdirSync, readFileSync } from "node:fs";
import type { Memo } from "../../loop/types.ts";
import { clip, type ProcCpu } from "../observation.ts";

const TICKS_PER_S = 100; // USER_HZ: 100 on every Linux architecture the appliance runs on
const PAGE_KB = 4;
const KEEP = 12;         // procs kept per observation, by CPU (the rest are far below any threshold)
const MEMO_KEY = "proc.ticks";

export interface StatFields { pid: number; name: string; state: string; ppid: number; ticks: number; start: number; rssKb: number }

/** One /proc/<pid>/stat line. comm may hold spaces and parentheses: split at the last ")". */
export function parsePidStat(text: string): StatFields | null {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).trim().split(/\s+/); // f[0] is field 3 (state)
  const n = (i: number) => Number(f[i - 3] ?? 0);
  return { pid: Number(text.slice(0, open)), name: text.slice(open + 1, close), state: f[0] ?? "?", ppid: n(4), ticks: n(14) + n(15), start: n(22), rssKb: n(24) * PAGE_KB };
}

interface Reading { at: number; uptime: number; ticks: Record<string, [start: number, ticks: number]> }

export interface ProcsRead { procs: ProcCpu[]; cpuSince: number | null; all: StatFields[] }

/** Every process's /proc/<pid>/stat. */
export function readAllStat(procRoot: string): StatFields[] {
  const all: StatFields[] = [];
  for (const d of readdirSync(procRoot)) {
    if (!/^\d+$/.test(d)) continue;
    try { const st = parsePidStat(readFileSync(`${procRoot}/${d}/stat`, "utf8")); if (st) all.push(st); } catch { /* exited meanwhile */ }
  }
  return all;
}

/** Busy ticks of the whole machine (all CPUs) from /proc/stat's first line: all but idle and iowait. */
export function parseMachineBusy(stat: string): number {
  const f = (stat.split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  return f.slice(0, 8).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0) - (f[3] ?? 0) - (f[4] ?? 0);
}

const MACHINE_KEY = "proc.machine";
/** Process ticks and /proc/stat's are counted at different moments: judge against a lower bar. */
const MACHINE_MARGIN = 0.8;

/**
 * Whether any process can have used `percent` of one core since the last call: not when the whole
 * machine (every CPU together) was busy less than that. Cheap (two small reads); when it says no,
 * the per-process reading can be skipped. True the first time and after a reboot.
 */
export function machineCouldHog(procRoot: string, memo: Memo, percent: number): boolean {
  const uptime = Number(readFileSync(`${procRoot}/uptime`, "utf8").split(" ")[0]);
  let busy: number;
  try { busy = parseMachineBusy(readFileSync(`${procRoot}/stat`, "utf8")); } catch { return true; }
  const prev = memo.get<{ uptime: number; busy: number }>(MACHINE_KEY);
  memo.set(MACHINE_KEY, { uptime, busy });
  if (!prev || uptime <= prev.uptime || busy < prev.busy) return true;
  return busy - prev.busy >= (percent / 100) * (uptime - prev.uptime) * TICKS_PER_S * MACHINE_MARGIN;
}

/** Reads every process, computes CPU since the memo's reading, stores this reading for next time. */
export function readProcs(procRoot: string, now: number, memo: Memo, exclude: readonly string[]): ProcsRead {
  const uptime = Number(readFileSync(`${procRoot}/uptime`, "utf8").split(" ")[0]);
  const all = readAllStat(procRoot);
  const prev = memo.get<Reading>(MEMO_KEY);
  memo.set(MEMO_KEY, { at: now, uptime, ticks: Object.fromEntries(all.map((p) => [p.pid, [p.start, p.ticks]])) } satisfies Reading);
  if (!prev || uptime <= prev.uptime) return { procs: [], cpuSince: null, all }; // first reading, or a reboot
  const dt = (uptime - prev.uptime) * TICKS_PER_S;
  const procs = all.flatMap((p) => {
    const before = prev.ticks[p.pid];
    const base = before && before[0] === p.start ? before[1] : undefined;
    if (base === undefined) return []; // started since the last reading: no full interval yet
    return [{ p, cpuPercent: Math.round(((p.ticks - base) / dt) * 1000) / 10 }];
  }).sort((a, b) => b.cpuPercent - a.cpuPercent).slice(0, KEEP).filter((x) => x.cpuPercent >= 1);
  const patterns = exclude.map((e) => new RegExp(e));
  return {
    cpuSince: prev.at, all,
    procs: procs.map(({ p, cpuPercent }) => {
      const cmdline = readCmdline(procRoot, p.pid);
      const excluded = p.pid === process.pid ? "this agent" : p.pid === 1 ? "init" : p.pid === 2 || p.ppid === 2 ? "kernel thread"
        : patterns.some((r) => r.test(cmdline)) ? "excluded command" : undefined;
      return { pid: p.pid, start: p.start, name: clip(p.name, 32), cmdline: clip(cmdline), cpuPercent, rssKb: p.rssKb, ...(excluded ? { excluded } : {}) };
    }),
  };
}

function readCmdline(procRoot: string, pid: number): string {
  try { return readFileSync(`${procRoot}/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim(); } catch { return ""; }
}
