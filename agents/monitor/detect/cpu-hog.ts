// cpu.hog: a process above cpu_hog_percent of a core, continuously, for cpu_hog_seconds. "Continuously"
// is read back through the history: every observation since then saw the same process (pid and start
// time) above the threshold. The agents themselves, init and kernel threads are never hogs.
import type { Detector, Finding } from "../../loop/types.ts";
import type { MonitorObs, ProcCpu } from "../observation.ts";
import { readSettings } from "../settings.ts";

const same = (a: ProcCpu) => (b: ProcCpu) => a.pid === b.pid && a.start === b.start;

export const cpuHog: Detector<MonitorObs> = {
  name: "cpu-hog",
  detect(obs, ctx) {
    const s = readSettings(ctx.settings);
    if (obs.cpuSince === null) return [];
    const out: Finding[] = [];
    for (const p of obs.procs) {
      if (p.excluded || p.cpuPercent < s.cpu_hog_percent) continue;
      let since = obs.cpuSince;
      const readings = [p.cpuPercent];
      for (let i = ctx.history.length - 1; i >= 0; i--) {
        const h = ctx.history[i]!;
        const q = h.procs.find(same(p));
        if (h.cpuSince === null || !q || q.cpuPercent < s.cpu_hog_percent || h.cpuSince >= since) break;
        since = h.cpuSince;
        readings.unshift(q.cpuPercent);
      }
      const seconds = Math.round((obs.at - since) / 1000);
      if (seconds < s.cpu_hog_seconds) continue;
      out.push({
        kind: "cpu.hog", key: `cpu.hog:${p.pid}:${p.start}`, severity: "warning",
        summary: `process ${p.pid} (${p.name}) has used ${Math.round(p.cpuPercent)}% of a core for ${seconds} s`,
        evidence: [`pid ${p.pid} ${p.name}: ${p.cmdline}`, `CPU % per reading: ${readings.join(", ")}`, `rss ${p.rssKb} kB`],
        facts: { pid: p.pid, start: p.start, name: p.name, cpu_percent: p.cpuPercent, seconds, threshold_percent: s.cpu_hog_percent, service: serviceOf(obs, p.pid) },
      });
    }
    return out;
  },
};

/** The supervised service whose main process this is, if any (init restarts those by itself). */
function serviceOf(obs: MonitorObs, pid: number): string | null {
  return obs.services?.find((s) => s.pid === pid)?.name ?? null;
}
