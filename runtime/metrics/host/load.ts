// The load averages from /proc/loadavg (node_load1, node_load5, node_load15).
import { readFileSync } from "node:fs";

export interface LoadAvg { load1: number; load5: number; load15: number }

export function parseLoadavg(text: string): LoadAvg {
  const [load1, load5, load15] = text.trim().split(/\s+/).map(Number);
  if (![load1, load5, load15].every((n) => Number.isFinite(n))) throw new Error(`unreadable loadavg: "${text.trim()}"`);
  return { load1: load1!, load5: load5!, load15: load15! };
}

export const readLoadavg = (proc = "/proc") => parseLoadavg(readFileSync(`${proc}/loadavg`, "utf8"));
