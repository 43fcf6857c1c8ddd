// /proc/meminfo as node_exporter's meminfo collector names it: node_memory_<Field>_bytes, with
// "Active(anon)" becoming Active_anon, kB values in bytes, and unitless counts (HugePages_*) as is.
import { readFileSync } from "node:fs";

export interface MemField { name: string; value: number; bytes: boolean }

export function parseMeminfo(text: string): MemField[] {
  const out: MemField[] = [];
  for (const line of text.split("\n")) {
    const m = /^([^:]+):\s+(\d+)(?:\s+(kB))?/.exec(line);
    if (!m) continue;
    const name = m[1]!.replace(/\((.*)\)/, "_$1").replace(/[^A-Za-z0-9_]/g, "_");
    out.push({ name, value: Number(m[2]) * (m[3] ? 1024 : 1), bytes: m[3] !== undefined });
  }
  return out;
}

export const readMeminfo = (proc = "/proc") => parseMeminfo(readFileSync(`${proc}/meminfo`, "utf8"));
