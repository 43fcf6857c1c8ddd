// Disk, memory and process questions, answered from the tools' facts: "why is the disk full?" names
// the filesystems, the largest logs, what housekeeping could free, and what the maintenance agent does
// about it on its own.
import { readdirSync, readFileSync } from "node:fs";
import { readMeminfo } from "../../../runtime/metrics/host/memory.ts";
import type { Handler } from "../types.ts";
import { read } from "../types.ts";
import { bullet, bytes, pct } from "./format.ts";

interface Fs { device: string; mount: string; fs: string; size: number; used: number; free: number }
interface Proc { pid: number; name: string; rssKb: number; cmdline?: string; state?: string }

export const disk: Handler = async (slots, ctx) => {
  const fss = await read<Fs[]>(ctx, "disks.usage");
  const shown = fss.filter((f) => f.size > 0 && f.fs !== "tmpfs" || f.mount === "/" || (slots.path && slots.path.startsWith(f.mount)));
  const worst = [...shown].sort((a, b) => pct(b.used, b.size) - pct(a.used, a.size))[0];
  const logs = await read<{ path: string; bytes: number }[]>(ctx, "logs.usage", { top: 5 }).catch(() => []);
  // Only what worked (procedures and resolutions), not every past tool call that mentioned a disk.
  const hits = (await ctx.executor.searchMemory("disk filling space freed", 8).catch(() => [])).filter((h) => h.kind === "procedure" || h.kind === "resolution").slice(0, 3);
  const lines = shown.map((f) => `${f.mount} (${f.fs}): ${bytes(f.used)} used of ${bytes(f.size)} (${pct(f.used, f.size)} %), ${bytes(f.free)} free`);
  const full = worst && pct(worst.used, worst.size) >= 85;
  const parts = [
    full ? `${worst!.mount} is ${pct(worst!.used, worst!.size)} % full.` : `No filesystem is close to full${worst ? ` (the fullest, ${worst.mount}, is at ${pct(worst.used, worst.size)} %)` : ""}.`,
    bullet(lines),
    logs.length ? `Largest logs:\n${bullet(logs.map((l) => `${l.path} ${bytes(l.bytes)}`))}` : "",
    full ? "The maintenance agent compresses and prunes logs, cleans temp files and the apt cache on its own when a disk fills; ask \"what are the agents doing\" to see it." : "",
    hits.length ? `What worked before on this machine:\n${bullet(hits.map((h) => `${h.title}: ${h.text.slice(0, 120)}`))}` : "",
  ];
  return { text: parts.filter(Boolean).join("\n") };
};

export const memory: Handler = async (_s, ctx) => {
  const m: Record<string, number> = Object.fromEntries(readMeminfo().map((f) => [f.name, f.value]));
  const procs = await read<Proc[]>(ctx, "processes.list", { sortBy: "rss", limit: 8 });
  const used = (m.MemTotal ?? 0) - (m.MemAvailable ?? 0);
  return { text: `Memory: ${bytes(used)} used of ${bytes(m.MemTotal ?? 0)} (${pct(used, m.MemTotal ?? 0)} %), swap ${bytes((m.SwapTotal ?? 0) - (m.SwapFree ?? 0))} used.\nLargest processes:\n${bullet(procs.map((p) => `${p.name} (pid ${p.pid}): ${bytes(p.rssKb * 1024)}`))}` };
};

function cpuTimes(): Map<number, { name: string; ticks: number }> {
  const out = new Map<number, { name: string; ticks: number }>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = s.lastIndexOf(")");
      const f = s.slice(close + 2).split(" ");
      out.set(Number(d), { name: s.slice(s.indexOf("(") + 1, close), ticks: Number(f[11]) + Number(f[12]) });
    } catch { /* gone */ }
  }
  return out;
}

export const top: Handler = async () => {
  const a = cpuTimes();
  await Bun.sleep(500);
  const b = cpuTimes();
  const rows = [...b].map(([pid, p]) => ({ pid, name: p.name, pct: ((p.ticks - (a.get(pid)?.ticks ?? p.ticks)) / 100 / 0.5) * 100 })).sort((x, y) => y.pct - x.pct).slice(0, 6);
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  return { text: `Load average ${load}. Busiest processes over the last half second:\n${bullet(rows.map((r) => `${r.name} (pid ${r.pid}): ${r.pct.toFixed(0)} % of a core`))}` };
};
