// disk.filling: the state disk's least-squares fill rate says full within forecast_hours. The finding
// belongs to the maintenance agent (it frees space); the monitor only raises it. disk.health: SMART
// says a disk is failing or wearing out.
import type { Detector, Finding } from "../../loop/types.ts";
import { humanDuration, secondsToFull } from "../forecast.ts";
import type { MonitorObs, SmartDevice } from "../observation.ts";
import { readSettings } from "../settings.ts";

export const diskFilling: Detector<MonitorObs> = {
  name: "disk-filling",
  detect(obs, ctx) {
    const d = obs.disk;
    const s = readSettings(ctx.settings);
    if (!d?.fit || d.fit.samples < s.forecast_min_samples || d.fit.spanS < s.forecast_min_span_s) return [];
    const secs = secondsToFull(d.usedBytes, d.totalBytes, d.fit.bytesPerSecond);
    if (secs > s.forecast_hours * 3600) return [];
    const hours = Math.round((secs / 3600) * 10) / 10;
    const usedPct = Math.round((d.usedBytes / d.totalBytes) * 1000) / 10;
    const perHour = Math.round(d.fit.bytesPerSecond * 3600);
    return [{
      kind: "disk.filling", key: `disk.filling:${d.path}`, owner: "maintenance",
      severity: secs <= Math.min(3600, (s.forecast_hours * 3600) / 4) ? "critical" : "warning",
      summary: `state disk full in ${humanDuration(secs)}`,
      evidence: [`${d.path}: ${usedPct}% used (${d.usedBytes} of ${d.totalBytes} bytes)`,
        `growing ${Math.round(perHour / 1048576)} MiB/h (least squares over ${d.fit.samples} samples, ${d.fit.spanS} s)`],
      facts: { path: d.path, used_bytes: d.usedBytes, total_bytes: d.totalBytes, used_percent: usedPct, bytes_per_hour: perHour,
        hours_to_full: hours, forecast_hours: s.forecast_hours, samples: d.fit.samples, span_s: d.fit.spanS },
    }];
  },
};

/** What is wrong with one device, worst first; empty when healthy or unsupported. */
export function smartProblems(d: SmartDevice): { critical: boolean; what: string }[] {
  if (!d.supported) return [];
  const p: { critical: boolean; what: string }[] = [];
  if (d.passed === false) p.push({ critical: true, what: "SMART overall health check FAILED" });
  if (d.nvmeCriticalWarning) p.push({ critical: true, what: `NVMe critical warning 0x${d.nvmeCriticalWarning.toString(16)}` });
  if (d.reallocated) p.push({ critical: false, what: `${d.reallocated} reallocated sectors` });
  if (d.pending) p.push({ critical: false, what: `${d.pending} sectors pending reallocation` });
  if (d.uncorrectable) p.push({ critical: false, what: `${d.uncorrectable} offline uncorrectable sectors` });
  if (d.mediaErrors) p.push({ critical: false, what: `${d.mediaErrors} NVMe media errors` });
  if ((d.percentUsed ?? 0) >= 90) p.push({ critical: false, what: `NVMe wear ${d.percentUsed}% of rated life` });
  return p;
}

export const diskHealth: Detector<MonitorObs> = {
  name: "disk-health",
  detect(obs) {
    if (!obs.smart.available) return [];
    return obs.smart.devices.flatMap((d): Finding[] => {
      const p = smartProblems(d);
      if (!p.length) return [];
      return [{
        kind: "disk.health", key: `disk.health:${d.device}`, severity: p.some((x) => x.critical) ? "critical" : "warning",
        summary: `disk ${d.device}: ${p[0]!.what}`, evidence: p.map((x) => x.what),
        facts: { ...d, problems: p.map((x) => x.what) },
      }];
    });
  },
};
