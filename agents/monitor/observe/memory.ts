// Memory from /proc/meminfo, pressure from /proc/pressure/memory (PSI, where the kernel has it) and
// OOM kills from /proc/vmstat's oom_kill counter, whose previous value lives in the memo.
import { readFileSync } from "node:fs";
import type { Memo } from "../../loop/types.ts";
import { clip, type MemoryObs } from "../observation.ts";
import type { StatFields } from "./procs.ts";

export function parsePsi(text: string): MemoryObs["psi"] {
  const avg = (kind: string, win: string) => Number(text.match(new RegExp(`^${kind} .*\\b${win}=([\\d.]+)`, "m"))?.[1] ?? NaN);
  const psi = { someAvg10: avg("some", "avg10"), someAvg60: avg("some", "avg60"), fullAvg10: avg("full", "avg10"), fullAvg60: avg("full", "avg60") };
  return Object.values(psi).some((v) => Number.isNaN(v)) ? null : psi;
}

export function parseOomKills(vmstat: string): number | null {
  const m = vmstat.match(/^oom_kill (\d+)/m);
  return m ? Number(m[1]) : null;
}

/** The biggest resident processes, for a memory finding's evidence. */
export function topRss(procs: readonly StatFields[]): MemoryObs["top"] {
  return [...procs].sort((a, b) => b.rssKb - a.rssKb).slice(0, 5).map((p) => ({ pid: p.pid, name: clip(p.name, 32), rssKb: p.rssKb }));
}

/** Whether a memory detector could speak on this reading (then its evidence, `top`, is worth reading). */
export function memoryConcern(m: MemoryObs, s: { memory_available_percent: number; memory_psi_some_avg60: number; memory_psi_full_avg10: number }): boolean {
  const avail = m.totalBytes > 0 ? (m.availableBytes / m.totalBytes) * 100 : 100;
  return m.oomKillsNew > 0 || avail < s.memory_available_percent
    || (m.psi !== null && (m.psi.someAvg60 >= s.memory_psi_some_avg60 || m.psi.fullAvg10 >= s.memory_psi_full_avg10));
}

/** `top` is left empty: the caller fills it (topRss) when memoryConcern says it can matter. */
export function readMemory(procRoot: string, memo: Memo, notes: string[]): MemoryObs {
  const meminfo = readFileSync(`${procRoot}/meminfo`, "utf8");
  const kb = (k: string) => Number(meminfo.match(new RegExp(`^${k}:\\s+(\\d+)`, "m"))?.[1] ?? 0) * 1024;
  let psi: MemoryObs["psi"] = null;
  try { psi = parsePsi(readFileSync(`${procRoot}/pressure/memory`, "utf8")); } catch { notes.push("no memory PSI (/proc/pressure/memory): pressure judged on MemAvailable alone"); }
  let oomKills = 0, oomKillsNew = 0;
  let vmstat = "";
  try { vmstat = readFileSync(`${procRoot}/vmstat`, "utf8"); } catch { /* noted below */ }
  const total = parseOomKills(vmstat);
  if (total === null) notes.push("no oom_kill counter in /proc/vmstat: OOM kills not watched");
  else {
    const prev = memo.get<number>("oom_kill");
    oomKills = total;
    oomKillsNew = prev !== undefined && total >= prev ? total - prev : 0; // a lower count means a reboot
    memo.set("oom_kill", total);
  }
  return { totalBytes: kb("MemTotal"), availableBytes: kb("MemAvailable"), psi, oomKills, oomKillsNew, top: [] };
}
