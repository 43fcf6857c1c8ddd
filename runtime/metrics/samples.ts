// Monitor samples in the state database: the schema, writing one, reading the latest and pruning.
import type { Database } from "bun:sqlite";
import { migrate } from "../db/open.ts";

export interface Sample {
  ts: number; boot_id: string; cpu_pct: number; load1: number;
  mem_total: number; mem_used: number; disk_total: number; disk_used: number; net_rx: number; net_tx: number;
}

const migrations = [{
  version: 1, name: "monitor samples",
  sql: `CREATE TABLE monitor_samples (ts INTEGER NOT NULL, boot_id TEXT NOT NULL, cpu_pct REAL NOT NULL, load1 REAL NOT NULL,
          mem_total INTEGER NOT NULL, mem_used INTEGER NOT NULL, disk_total INTEGER NOT NULL, disk_used INTEGER NOT NULL,
          net_rx INTEGER NOT NULL, net_tx INTEGER NOT NULL);
        CREATE INDEX monitor_samples_ts ON monitor_samples (ts);`,
}];

export function initSamples(db: Database): void { migrate(db, "monitor", migrations); }

export function insertSample(db: Database, s: Sample): void {
  db.query(`INSERT INTO monitor_samples (ts, boot_id, cpu_pct, load1, mem_total, mem_used, disk_total, disk_used, net_rx, net_tx)
            VALUES ($ts, $boot_id, $cpu_pct, $load1, $mem_total, $mem_used, $disk_total, $disk_used, $net_rx, $net_tx)`)
    .run(Object.fromEntries(Object.entries(s).map(([k, v]) => [`$${k}`, v])) as never);
}

export function latestSample(db: Database): Sample | undefined {
  try {
    return db.query<Sample, []>("SELECT * FROM monitor_samples ORDER BY ts DESC LIMIT 1").get() ?? undefined;
  } catch { return undefined; } // table not made yet: the monitor has not run
}

export function recentSamples(db: Database, n: number): Sample[] {
  try {
    return db.query<Sample, [number]>("SELECT * FROM monitor_samples ORDER BY ts DESC LIMIT ?").all(n);
  } catch { return []; }
}

/** Disk use over time since `since` (ms), oldest first: what the monitor's fill-rate forecast fits. */
export function diskSince(db: Database, since: number): { ts: number; disk_used: number; disk_total: number }[] {
  try {
    return db.query<{ ts: number; disk_used: number; disk_total: number }, [number]>(
      "SELECT ts, disk_used, disk_total FROM monitor_samples WHERE ts >= ? ORDER BY ts").all(since);
  } catch { return []; }
}

export function countSamples(db: Database, bootId?: string): number {
  try {
    const q = bootId ? db.query<{ n: number }, [string]>("SELECT count(*) n FROM monitor_samples WHERE boot_id = ?").get(bootId)
      : db.query<{ n: number }, []>("SELECT count(*) n FROM monitor_samples").get();
    return q?.n ?? 0;
  } catch { return 0; }
}

/** Keeps the table bounded on a small disk: drops samples older than `keepMs`. */
export function pruneSamples(db: Database, now: number, keepMs: number): number {
  return db.query("DELETE FROM monitor_samples WHERE ts < ?").run(now - keepMs).changes;
}

/** Every sample since `since` (ms), oldest first, at most `limit`: what the web console's charts draw. */
export function samplesSince(db: Database, since: number, limit = 5000): Sample[] {
  try {
    return db.query<Sample, [number, number]>("SELECT * FROM (SELECT * FROM monitor_samples WHERE ts > ? ORDER BY ts DESC LIMIT ?) ORDER BY ts").all(since, limit);
  } catch { return []; }
}
