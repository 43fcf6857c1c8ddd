// The state disk's use and fill rate, from the samples table the sampler writes every few seconds.
import type { Database } from "bun:sqlite";
import { diskSince } from "../../../runtime/metrics/samples.ts";
import { slope } from "../forecast.ts";
import type { DiskObs } from "../observation.ts";

export function readDisk(db: Database, path: string, now: number, windowS: number, minSamples: number): DiskObs | null {
  const rows = diskSince(db, now - windowS * 1000);
  const last = rows.at(-1);
  if (!last) return null;
  const t0 = rows[0]!.ts;
  const rate = rows.length >= minSamples ? slope(rows.map((r) => ({ t: (r.ts - t0) / 1000, y: r.disk_used }))) : null;
  return {
    path, totalBytes: last.disk_total, usedBytes: last.disk_used,
    fit: rate === null ? null : { bytesPerSecond: rate, samples: rows.length, spanS: Math.round((last.ts - t0) / 1000) },
  };
}
