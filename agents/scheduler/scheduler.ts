// The scheduler the agent host owns: persistent cron jobs in the agents' database. Agents declare
// their periodic work, the operator adds jobs, the host starts the runner with its dispatch.
import type { Database } from "bun:sqlite";
import { openDatabase } from "../../runtime/db/open.ts";
import type { JobSpec } from "../spec/types.ts";
import { addOperatorJob, declareJobs, removeJob, setJobEnabled, type CatalogContext, type OperatorJob } from "./catalog.ts";
import { systemClock, type Clock } from "./clock.ts";
import { Runner } from "./runner.ts";
import { JobStore } from "./store.ts";
import type { Dispatch, Job, Owner } from "./types.ts";

export interface SchedulerOptions {
  clock?: Clock;
  /** IANA zone the cron expressions are read in; default the process's local time. */
  timezone?: string;
  runnerId?: string;
  onError?: (err: unknown) => void;
  /** Told when the wall clock jumped (see Runner); default a line on stderr. */
  onClockJump?: (ms: number, rearmed: number) => void;
}

export class Scheduler {
  readonly store: JobStore;
  private runner: Runner;
  private clock: Clock;

  /** Uses `db` (the agents' database, shared with other components); migrates its own scope. */
  constructor(db: Database, private o: SchedulerOptions = {}) {
    this.store = new JobStore(db);
    this.clock = o.clock ?? systemClock;
    this.runner = new Runner({ store: this.store, clock: this.clock, timezone: o.timezone, runnerId: o.runnerId, onError: o.onError, onClockJump: o.onClockJump });
  }

  /** Opens (creating) the database file itself; close() then closes it. */
  static open(path: string, o: SchedulerOptions = {}): Scheduler {
    return new Scheduler(openDatabase(path), o);
  }

  private ctx(): CatalogContext {
    return { store: this.store, now: this.clock.now(), timezone: this.o.timezone };
  }

  private changed<T>(v: T): T {
    this.runner.wake();
    return v;
  }

  /** An agent's [[jobs]]: upserts them and removes that owner's jobs no longer declared. */
  declare(owner: Owner, jobs: readonly JobSpec[]): void {
    this.changed(declareJobs(this.ctx(), owner, jobs));
  }

  add(job: OperatorJob): Job {
    return this.changed(addOperatorJob(this.ctx(), job));
  }

  remove(owner: Owner, name: string): void {
    this.changed(removeJob(this.ctx(), owner, name));
  }

  enable(owner: Owner, name: string): Job {
    return this.changed(setJobEnabled(this.ctx(), owner, name, true));
  }

  disable(owner: Owner, name: string): Job {
    return this.changed(setJobEnabled(this.ctx(), owner, name, false));
  }

  list(owner?: Owner): Job[] {
    return this.store.list(owner);
  }

  /** Clears stale running marks, runs missed jobs once, then keeps one timer for the next due job. */
  start(dispatch: Dispatch): void {
    this.runner.start(dispatch);
  }

  /** Starts what is due now; resolves when those runs end (the timer calls this; so can tests). */
  tick(): Promise<void> {
    return this.runner.tick();
  }

  /** Resolves once no run started here is in progress. */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** No more runs start; waits for those in progress so their results are stored. */
  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** stop(), then closes the database. */
  async close(): Promise<void> {
    await this.stop();
    this.store.db.close();
  }
}
