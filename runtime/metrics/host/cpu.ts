// CPU time per cpu and mode, and the boot time, from /proc/stat (node_exporter's cpu and stat
// collectors). The kernel counts in USER_HZ ticks, 100 a second on every Linux ABI node_exporter
// supports, so no sysconf call is needed.
import { readFileSync } from "node:fs";

export const USER_HZ = 100;
/** The columns of a cpuN line, in the kernel's order (guest time is already inside user and nice). */
export const CPU_MODES = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"] as const;
export type CpuMode = (typeof CPU_MODES)[number];

export interface CpuTimes { cpu: string; seconds: Record<CpuMode, number> }
export interface ProcStat { cpus: CpuTimes[]; bootTime?: number; contextSwitches?: number; forks?: number; running?: number; blocked?: number }

export function parseStat(text: string): ProcStat {
  const out: ProcStat = { cpus: [] };
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    const key = f[0] ?? "";
    const n = Number(f[1]);
    if (/^cpu\d+$/.test(key)) {
      const seconds = {} as Record<CpuMode, number>;
      CPU_MODES.forEach((m, i) => { seconds[m] = Number(f[i + 1] ?? 0) / USER_HZ; });
      out.cpus.push({ cpu: key.slice(3), seconds });
    } else if (key === "btime") out.bootTime = n;
    else if (key === "ctxt") out.contextSwitches = n;
    else if (key === "processes") out.forks = n;
    else if (key === "procs_running") out.running = n;
    else if (key === "procs_blocked") out.blocked = n;
  }
  return out;
}

export const readStat = (proc = "/proc") => parseStat(readFileSync(`${proc}/stat`, "utf8"));
