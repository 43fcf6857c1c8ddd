// The job table in the agents' database: one row per (owner, name), its schedule, what it runs, and
// its last and next run. All state lives here, so a restarted host (or a console) reads the truth.
import type { Database } from "bun:sqlite";
import { migrate, type Migration } from "../../runtime/db/open.ts";
import type { Job, JobResult, JobTarget, Owner } from "./types.ts";

export const SCHEDULER_SCOPE = "scheduler";
export const JOBS_TABLE = "scheduler_jobs";

export const schedulerMigrations: Migration[] = [{
  version: 1,
  name: "jobs",
  sql: `CREATE TABLE ${JOBS_TABLE} (
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    cron TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    last_run_at INTEGER,
    last_finished_at INTEGER,
    last_result TEXT CHECK (last_result IN ('ok', 'failed')),
    last_message TEXT,
    next_run_at INTEGER,
    running_since INTEGER,
    running_by TEXT,
    PRIMARY KEY (owner, name)
  )`,
}];

interface Row {
  owner: string; name: string; cron: string; description: string; target: string; enabled: number;
  last_run_at: number | null; last_finished_at: number | null; last_result: JobResult | null; last_message: string | null;
  next_run_at: number | null; running_since: number | null; running_by: string | null;
}

const toJob = (r: Row): Job => ({
  owner: r.owner as Owner, name: r.name, cron: r.cron, description: r.description, target: JSON.parse(r.target) as JobTarget,
  enabled: r.enabled === 1, lastRunAt: r.last_run_at, lastFinishedAt: r.last_finished_at, lastResult: r.last_result,
  lastMessage: r.last_message, nextRunAt: r.next_run_at, runningSince: r.running_since, runningBy: r.running_by,
});

export interface NewJob { owner: Owner; name: string; cron: string; description: string; target: JobTarget; nextRunAt: number | null }

export class JobStore {
  /** `readonly` skips the migration, for consoles reading a database the host writes. */
  constructor(readonly db: Database, opts: { readonly?: boolean } = {}) {
    if (!opts.readonly) migrate(db, SCHEDULER_SCOPE, schedulerMigrations);
  }

  list(owner?: string): Job[] {
    const sql = `SELECT * FROM ${JOBS_TABLE}${owner ? " WHERE owner = ?1" : ""} ORDER BY owner, name`;
    return this.db.query<Row, string[]>(sql).all(...(owner ? [owner] : [])).map(toJob);
  }

  get(owner: string, name: string): Job | undefined {
    const r = this.db.query<Row, [string, string]>(`SELECT * FROM ${JOBS_TABLE} WHERE owner = ? AND name = ?`).get(owner, name);
    return r ? toJob(r) : undefined;
  }

  insert(j: NewJob, now: number): void {
    this.db.query(`INSERT INTO ${JOBS_TABLE} (owner, name, cron, description, target, created_at, next_run_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(j.owner, j.name, j.cron, j.description, JSON.stringify(j.target), now, j.nextRunAt);
  }

  /** A redeclared job keeps its history and enabled flag; its schedule moves only when `nextRunAt` is given. */
  update(owner: string, name: string, f: { cron: string; description: string; target: JobTarget; nextRunAt?: number | null }): void {
    this.db.query(`UPDATE ${JOBS_TABLE} SET cron = ?, description = ?, target = ?, next_run_at = CASE WHEN ?4 THEN ?5 ELSE next_run_at END WHERE owner = ?6 AND name = ?7`)
      .run(f.cron, f.description, JSON.stringify(f.target), f.nextRunAt !== undefined ? 1 : 0, f.nextRunAt ?? null, owner, name);
  }

  remove(owner: string, name: string): boolean {
    return this.db.query(`DELETE FROM ${JOBS_TABLE} WHERE owner = ? AND name = ?`).run(owner, name).changes > 0;
  }

  setEnabled(owner: string, name: string, enabled: boolean, nextRunAt: number | null): void {
    this.db.query(`UPDATE ${JOBS_TABLE} SET enabled = ?, next_run_at = ? WHERE owner = ? AND name = ?`).run(enabled ? 1 : 0, nextRunAt, owner, name);
  }

  /** Moves a job's next fire time (after the wall clock jumped back past it). */
  rearm(owner: string, name: string, nextRunAt: number | null): void {
    this.db.query(`UPDATE ${JOBS_TABLE} SET next_run_at = ? WHERE owner = ? AND name = ? AND enabled = 1`).run(nextRunAt, owner, name);
  }

  /** Enabled, not running, and its fire time has come. */
  due(now: number): Job[] {
    return this.db.query<Row, [number]>(`SELECT * FROM ${JOBS_TABLE} WHERE enabled = 1 AND running_since IS NULL AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at, owner, name`)
      .all(now).map(toJob);
  }

  /** The earliest fire time of a job that could start, for the one timer. */
  earliest(): number | null {
    return this.db.query<{ t: number | null }, []>(`SELECT MIN(next_run_at) AS t FROM ${JOBS_TABLE} WHERE enabled = 1 AND running_since IS NULL`).get()?.t ?? null;
  }

  /** Claims the job: false when another run holds it (the row's mark is the no-overlap guard). */
  claim(owner: string, name: string, now: number, nextRunAt: number | null, by: string): boolean {
    return this.db.query(`UPDATE ${JOBS_TABLE} SET running_since = ?, running_by = ?, last_run_at = ?, next_run_at = ? WHERE owner = ? AND name = ? AND running_since IS NULL`)
      .run(now, by, now, nextRunAt, owner, name).changes > 0;
  }

  /** Records a run's end; a no-op when the job was removed (or reclaimed) meanwhile. */
  finish(owner: string, name: string, startedAt: number, end: number, result: JobResult, message: string | null, nextRunAt: number | null): void {
    this.db.query(`UPDATE ${JOBS_TABLE} SET running_since = NULL, running_by = NULL, last_finished_at = ?, last_result = ?, last_message = ?, next_run_at = CASE WHEN enabled = 1 THEN ? END WHERE owner = ? AND name = ? AND running_since = ?`)
      .run(end, result, message, nextRunAt, owner, name, startedAt);
  }

  /**
   * Clears the marks a dead process left (the host is the only runner, so any mark at start is stale):
   * the interrupted run counts as failed and the job is due again at once.
   */
  clearStale(now: number): Job[] {
    const stale = this.db.query<Row, []>(`SELECT * FROM ${JOBS_TABLE} WHERE running_since IS NOT NULL`).all().map(toJob);
    this.db.query(`UPDATE ${JOBS_TABLE} SET running_since = NULL, running_by = NULL, last_finished_at = ?1, last_result = 'failed',
      last_message = 'interrupted: the process running it stopped (' || COALESCE(running_by, '?') || ')', next_run_at = MIN(COALESCE(next_run_at, ?1), ?1)
      WHERE running_since IS NOT NULL`).run(now);
    return stale;
  }
}
