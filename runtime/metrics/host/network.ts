// Per-interface traffic counters from /proc/net/dev (node_exporter's netdev collector).
import { readFileSync } from "node:fs";

export interface NetDev {
  device: string;
  receive: { bytes: number; packets: number; errs: number; drop: number };
  transmit: { bytes: number; packets: number; errs: number; drop: number };
}

/** The first two lines are headers; each next one is "name: 8 receive columns, 8 transmit columns". */
export function parseNetDev(text: string): NetDev[] {
  const out: NetDev[] = [];
  for (const line of text.split("\n").slice(2)) {
    const i = line.indexOf(":");
    if (i < 0) continue;
    const f = line.slice(i + 1).trim().split(/\s+/).map(Number);
    if (f.length < 16 || f.some((n) => !Number.isFinite(n))) continue;
    out.push({
      device: line.slice(0, i).trim(),
      receive: { bytes: f[0]!, packets: f[1]!, errs: f[2]!, drop: f[3]! },
      transmit: { bytes: f[8]!, packets: f[9]!, errs: f[10]!, drop: f[11]! },
    });
  }
  return out;
}

export const readNetDev = (proc = "/proc") => parseNetDev(readFileSync(`${proc}/net/dev`, "utf8"));
