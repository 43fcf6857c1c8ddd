// The maintenance agent's checks: each reads the observation and the settings, returns plain findings.
// Facts carry everything the rules need (thresholds included), since rules see facts only.
import type { Detector, DetectContext, Finding } from "../loop/types.ts";
import type { MaintObs } from "./observe.ts";
import { liveLogsOver, onMount, pastRetention, staleTemp, sum, uncompressedRotated } from "./reclaim.ts";
import { readSettings } from "./settings.ts";

const MiB = 1 << 20;
const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`;
type Ctx = DetectContext<MaintObs>;

export const logsOversize: Detector<MaintObs> = {
  name: "logs-oversize",
  detect(obs, ctx: Ctx) {
    const s = readSettings(ctx.settings);
    return liveLogsOver(obs, s.rotateBytes, ctx.root).map((f): Finding => ({
      kind: "logs.oversize", key: `logs.oversize:${f.path}`, severity: "warning",
      summary: `${f.path} is ${mib(f.bytes)} (rotates at ${mib(s.rotateBytes)})`,
      evidence: [`${f.path}: ${f.bytes} bytes`], facts: { path: f.path, bytes: f.bytes, minBytes: s.rotateBytes },
    }));
  },
};

export const logsUncompressed: Detector<MaintObs> = {
  name: "logs-uncompressed",
  detect(obs, ctx: Ctx) {
    const fs = uncompressedRotated(obs, ctx.root);
    if (fs.length === 0) return [];
    const s = readSettings(ctx.settings);
    return [{ kind: "logs.uncompressed", key: "logs.uncompressed", severity: "info", summary: `${fs.length} rotated logs (${mib(sum(fs))}) are not compressed`,
      evidence: fs.slice(0, 10).map((f) => `${f.path}: ${f.bytes} bytes`), facts: { files: fs.length, bytes: sum(fs), minBytes: s.rotateBytes } }];
  },
};

export const logsRetention: Detector<MaintObs> = {
  name: "logs-retention",
  detect(obs, ctx: Ctx) {
    const s = readSettings(ctx.settings);
    const fs = pastRetention(obs, s.keepRotated, s.rotatedMaxDays, ctx.root);
    if (fs.length === 0) return [];
    return [{ kind: "logs.retention", key: "logs.retention", severity: "info",
      summary: `${fs.length} rotated logs (${mib(sum(fs))}) are past retention (newest ${s.keepRotated} per log, ${s.rotatedMaxDays} days)`,
      evidence: fs.slice(0, 10).map((f) => f.path), facts: { files: fs.length, bytes: sum(fs), keep: s.keepRotated, olderThanDays: s.rotatedMaxDays } }];
  },
};

export const tempStale: Detector<MaintObs> = {
  name: "temp-stale",
  detect(obs, ctx: Ctx) {
    const s = readSettings(ctx.settings);
    const fs = staleTemp(obs, s.tempAgeDays, ctx.root);
    if (fs.length === 0) return [];
    return [{ kind: "temp.stale", key: "temp.stale", severity: "info", summary: `${fs.length} temp files (${mib(sum(fs))}) untouched for ${s.tempAgeDays} days`,
      evidence: fs.slice(0, 10).map((f) => f.path), facts: { files: fs.length, bytes: sum(fs), olderThanHours: s.tempAgeDays * 24 } }];
  },
};

export const dbBloat: Detector<MaintObs> = {
  name: "db-bloat",
  detect(obs, ctx: Ctx) {
    const s = readSettings(ctx.settings);
    return obs.dbs.flatMap((d): Finding[] => {
      const freeBytes = d.freePages * d.pageSize;
      const vacuum = freeBytes >= s.dbMinReclaimBytes && d.freePages * 100 >= s.dbFreePercent * Math.max(1, d.pages);
      const checkpoint = d.walBytes >= s.dbWalBytes;
      if (!vacuum && !checkpoint) return [];
      const op = vacuum ? "vacuum" : "checkpoint";
      return [{ kind: "db.bloat", key: `db.bloat:${d.path}`, severity: "info",
        summary: `${d.path}: ${mib(freeBytes)} free pages, ${mib(d.walBytes)} WAL`,
        evidence: [`pages ${d.pages}, free ${d.freePages}, page size ${d.pageSize}, wal ${d.walBytes} bytes`],
        facts: { path: d.path, op, freeBytes, walBytes: d.walBytes, bytes: d.bytes } }];
    });
  },
};

export const snapshotsExcess: Detector<MaintObs> = {
  name: "snapshots-excess",
  detect(obs, ctx: Ctx) {
    const s = readSettings(ctx.settings);
    const auto = obs.snapshots.filter((m) => m.auto).length;
    if (auto <= s.keepAutoSnapshots) return [];
    return [{ kind: "snapshots.excess", key: "snapshots.excess", severity: "info", summary: `${auto} automatic snapshots (keeping ${s.keepAutoSnapshots})`,
      evidence: [], facts: { auto, keep: s.keepAutoSnapshots } }];
  },
};

/** Low free space, with what each safe step could give back on that mount, in order of safety. */
export const diskLow: Detector<MaintObs> = {
  name: "disk-low",
  detect(obs, ctx: Ctx) {
    const s = readSettings(ctx.settings);
    const mounts = obs.disks.map((d) => d.path);
    return obs.disks.flatMap((d): Finding[] => {
      const freePercent = d.totalBytes > 0 ? (100 * d.freeBytes) / d.totalBytes : 100;
      if (freePercent >= s.diskLowPercent) return [];
      const mine = (fs: Parameters<typeof sum>[0]) => sum(onMount(fs, d.path, mounts));
      const compressibleBytes = mine(liveLogsOver(obs, s.emergencyRotateBytes, ctx.root)) + mine(uncompressedRotated(obs, ctx.root));
      const facts = {
        mount: d.mount, freeBytes: d.freeBytes, totalBytes: d.totalBytes, freePercent: Math.round(freePercent * 10) / 10,
        needBytes: Math.ceil((s.diskLowPercent / 100) * d.totalBytes - d.freeBytes),
        compressibleBytes, prunableBytes: mine(pastRetention(obs, s.keepRotated, s.rotatedMaxDays, ctx.root)),
        staleTempBytes: mine(staleTemp(obs, s.tempAgeDays, ctx.root)), aptCacheBytes: mine(obs.apt),
        minBytes: s.emergencyRotateBytes, keep: s.keepRotated, olderThanDays: s.rotatedMaxDays, olderThanHours: s.tempAgeDays * 24,
      };
      return [{ kind: "disk.low", key: `disk.low:${d.mount}`, severity: freePercent < s.diskLowPercent / 2 ? "critical" : "warning",
        summary: `${d.mount} has ${facts.freePercent}% free (below ${s.diskLowPercent}%)`, evidence: [`free ${d.freeBytes} of ${d.totalBytes} bytes`], facts }];
    });
  },
};

export const detectors: Detector<MaintObs>[] = [logsOversize, logsUncompressed, logsRetention, tempStale, dbBloat, snapshotsExcess, diskLow];
