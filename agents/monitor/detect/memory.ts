// memory.pressure (PSI stall time, or MemAvailable low two readings running) and memory.oom_kill (the
// kernel's oom_kill counter went up). Both carry the biggest resident processes as evidence.
import type { Detector, Finding } from "../../loop/types.ts";
import type { MemoryObs, MonitorObs } from "../observation.ts";
import { readSettings } from "../settings.ts";

const topEvidence = (m: MemoryObs) => m.top.map((p) => `pid ${p.pid} ${p.name}: ${Math.round(p.rssKb / 1024)} MiB resident`);
const availPct = (m: MemoryObs) => (m.totalBytes > 0 ? (m.availableBytes / m.totalBytes) * 100 : 100);

export const memoryPressure: Detector<MonitorObs> = {
  name: "memory-pressure",
  detect(obs, ctx) {
    const m = obs.memory;
    if (!m) return [];
    const s = readSettings(ctx.settings);
    const why: string[] = [];
    if (m.psi && m.psi.someAvg60 >= s.memory_psi_some_avg60) why.push(`tasks stalled on memory ${m.psi.someAvg60}% of the last minute (PSI some avg60)`);
    if (m.psi && m.psi.fullAvg10 >= s.memory_psi_full_avg10) why.push(`all tasks stalled on memory ${m.psi.fullAvg10}% of the last 10 s (PSI full avg10)`);
    const prev = ctx.history.at(-1)?.memory;
    const low = (x: MemoryObs) => availPct(x) < s.memory_available_percent;
    if (low(m) && prev && low(prev)) why.push(`only ${availPct(m).toFixed(1)}% of memory available, two readings running`);
    if (!why.length) return [];
    const critical = availPct(m) < s.memory_available_percent / 2 || (m.psi?.fullAvg10 ?? 0) >= s.memory_psi_full_avg10 * 2;
    return [{
      kind: "memory.pressure", key: "memory.pressure", severity: critical ? "critical" : "warning",
      summary: `memory pressure: ${why[0]}`,
      evidence: [...why, ...topEvidence(m)],
      facts: { available_percent: Math.round(availPct(m) * 10) / 10, psi: m.psi, top: m.top },
    }];
  },
};

export const oomKill: Detector<MonitorObs> = {
  name: "oom-kill",
  detect(obs) {
    const m = obs.memory;
    if (!m || m.oomKillsNew <= 0) return [];
    const f: Finding = {
      kind: "memory.oom_kill", key: `memory.oom_kill:${m.oomKills}`, severity: "critical",
      summary: `the kernel killed ${m.oomKillsNew} process${m.oomKillsNew > 1 ? "es" : ""} for lack of memory`,
      evidence: [`oom_kill counter now ${m.oomKills} (+${m.oomKillsNew})`, ...topEvidence(m)],
      facts: { new_kills: m.oomKillsNew, total_kills: m.oomKills, available_percent: Math.round(availPct(m) * 10) / 10, top: m.top },
    };
    return [f];
  },
};
