// Keeps each tier bounded: finished work and old events are dropped, raw metrics are rolled up into
// hourly averages, and long-term memory evicts unpinned, least-used entries beyond its cap.
import type { Database } from "bun:sqlite";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface RetentionPolicy {
  /** Finished goals and tasks are kept this long after they finish. */
  workDoneMaxAgeMs: number;
  eventsMaxAgeMs: number;
  eventsMaxRows: number;
  /** Raw samples older than this become hourly averages. */
  metricsRawMaxAgeMs: number;
  /** Rollups older than this are dropped. */
  metricsRollupMaxAgeMs: number;
  factsMaxRows: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  workDoneMaxAgeMs: 7 * DAY,
  eventsMaxAgeMs: 14 * DAY,
  eventsMaxRows: 200_000,
  metricsRawMaxAgeMs: DAY,
  metricsRollupMaxAgeMs: 90 * DAY,
  factsMaxRows: 50_000,
};

export interface CompactionReport { work: number; events: number; metricsRolledUp: number; metricsDropped: number; facts: number }

export function compact(db: Database, now: number, p: RetentionPolicy = DEFAULT_RETENTION): CompactionReport {
  const report = db.transaction((): CompactionReport => {
    const work = db.query("DELETE FROM mem_work WHERE state IN ('done','failed','cancelled') AND updated_at < ? AND parent_id IS NULL").run(now - p.workDoneMaxAgeMs).changes
      + db.query("DELETE FROM mem_work WHERE kind = 'task' AND state IN ('done','failed','cancelled') AND updated_at < ?").run(now - p.workDoneMaxAgeMs).changes;

    let events = db.query("DELETE FROM mem_events WHERE ts < ?").run(now - p.eventsMaxAgeMs).changes;
    events += db.query("DELETE FROM mem_events WHERE id <= (SELECT id FROM mem_events ORDER BY id DESC LIMIT 1 OFFSET ?)").run(p.eventsMaxRows).changes;

    const cutoff = now - p.metricsRawMaxAgeMs;
    const metricsRolledUp = db.query(
      `INSERT INTO mem_metrics (ts, name, value, bucket_ms, samples)
       SELECT (ts / ${HOUR}) * ${HOUR}, name, avg(value), ${HOUR}, count(*) FROM mem_metrics
       WHERE bucket_ms = 0 AND ts < ? GROUP BY name, ts / ${HOUR}`,
    ).run(cutoff).changes;
    db.query("DELETE FROM mem_metrics WHERE bucket_ms = 0 AND ts < ?").run(cutoff);
    const metricsDropped = db.query("DELETE FROM mem_metrics WHERE bucket_ms > 0 AND ts < ?").run(now - p.metricsRollupMaxAgeMs).changes;

    const excess = (db.query<{ n: number }, []>("SELECT count(*) AS n FROM mem_facts").get()?.n ?? 0) - p.factsMaxRows;
    const facts = excess > 0
      ? db.query("DELETE FROM mem_facts WHERE id IN (SELECT id FROM mem_facts WHERE pinned = 0 ORDER BY uses, used_at, id LIMIT ?)").run(excess).changes
      : 0;
    return { work, events, metricsRolledUp, metricsDropped, facts };
  })();
  // Freed pages are reused by later inserts; merging FTS segments and truncating the WAL keep the
  // file from growing past its high-water mark.
  db.exec("INSERT INTO mem_facts_fts(mem_facts_fts, rank) VALUES ('merge', 500)");
  db.exec("INSERT INTO mem_events_fts(mem_events_fts, rank) VALUES ('merge', 500)");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return report;
}

/**
 * How many rows compact() would drop, without dropping any (the maintenance tool's preview). Rollups
 * created by compact() are not counted; raw metrics folded into them are, as `metricsRolledUp`.
 */
export function compactionPreview(db: Database, now: number, p: RetentionPolicy = DEFAULT_RETENTION): CompactionReport {
  const n = (sql: string, ...args: number[]) => db.query<{ n: number }, number[]>(sql).get(...args)?.n ?? 0;
  const done = "state IN ('done','failed','cancelled') AND updated_at < ?";
  const work = n(`SELECT count(*) AS n FROM mem_work WHERE ${done} AND (parent_id IS NULL OR kind = 'task')`, now - p.workDoneMaxAgeMs);
  const old = n("SELECT count(*) AS n FROM mem_events WHERE ts < ?", now - p.eventsMaxAgeMs);
  const kept = n("SELECT count(*) AS n FROM mem_events WHERE ts >= ?", now - p.eventsMaxAgeMs);
  const factsTotal = n("SELECT count(*) AS n FROM mem_facts");
  return {
    work,
    events: old + Math.max(0, kept - p.eventsMaxRows),
    metricsRolledUp: n("SELECT count(*) AS n FROM mem_metrics WHERE bucket_ms = 0 AND ts < ?", now - p.metricsRawMaxAgeMs),
    metricsDropped: n("SELECT count(*) AS n FROM mem_metrics WHERE bucket_ms > 0 AND ts < ?", now - p.metricsRollupMaxAgeMs),
    facts: Math.min(Math.max(0, factsTotal - p.factsMaxRows), n("SELECT count(*) AS n FROM mem_facts WHERE pinned = 0")),
  };
}
