// Reads CPU, memory, disk and network counters straight from /proc and statfs: cheaper than
// systeminformation, which spawns shells, for something sampled every few seconds.
import { readFileSync, statfsSync } from "node:fs";

export interface CpuTimes { busy: number; total: number }

export function parseCpu(stat: string): CpuTimes {
  const f = stat.split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export function cpuPercent(prev: CpuTimes, cur: CpuTimes): number {
  const dt = cur.total - prev.total;
  return dt > 0 ? Math.round(((cur.busy - prev.busy) / dt) * 1000) / 10 : 0;
}

export function parseMeminfo(text: string): { total: number; used: number } {
  const kb = (k: string) => Number(text.match(new RegExp(`^${k}:\\s+(\\d+)`, "m"))?.[1] ?? 0) * 1024;
  const total = kb("MemTotal");
  return { total, used: total - kb("MemAvailable") };
}

/** Bytes received and sent by every interface but loopback. */
export function parseNetDev(text: string): { rx: number; tx: number } {
  let rx = 0, tx = 0;
  for (const line of text.split("\n").slice(2)) {
    const [name, rest] = line.split(":");
    if (!rest || name!.trim() === "lo") continue;
    const f = rest.trim().split(/\s+/).map(Number);
    rx += f[0] ?? 0;
    tx += f[8] ?? 0;
  }
  return { rx, tx };
}

export function readCpu(): CpuTimes { return parseCpu(readFileSync("/proc/stat", "utf8")); }
export function readMem() { return parseMeminfo(readFileSync("/proc/meminfo", "utf8")); }
export function readNet() { return parseNetDev(readFileSync("/proc/net/dev", "utf8")); }
export function readLoad1(): number { return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]); }
export function readDisk(path: string): { total: number; used: number } {
  const s = statfsSync(path);
  return { total: s.blocks * s.bsize, used: (s.blocks - s.bfree) * s.bsize };
}
export function readBootId(): string {
  try { return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(); } catch { return "unknown"; }
}
