// Runs due jobs through the host's dispatch. One timer, set for the earliest due job; on start, marks
// left by a dead process are cleared and every job whose fire time passed while nothing ran (the
// machine was off) runs once, however many slots it missed. A job is never started while it runs.
// The wall clock may jump: each tick compares how far it moved with the monotonic clock, and after a
// jump back re-arms every job from the new time (else it would stall until the clock caught up); after
// a jump forward each overdue job runs once, as after a power-off, never once per skipped slot.
import { errorMessage } from "../../runtime/errors.ts";
import type { Clock } from "./clock.ts";
import { nextFire } from "./cron.ts";
import type { JobStore } from "./store.ts";
import { jobKey, type Dispatch, type DispatchOutcome, type Job } from "./types.ts";

/** The longest the timer sleeps: another process may have changed the table, or the clock jumped. */
export const MAX_SLEEP_MS = 60_000;
const MESSAGE_MAX = 200;
/** Wall and monotonic time may drift apart this much between ticks before it counts as a jump. */
export const JUMP_MS = 2000;

export interface RunnerOptions {
  store: JobStore;
  clock: Clock;
  timezone?: string;
  /** Written into a running job's mark (default "pid <n>"). */
  runnerId?: string;
  /** Where a failure of the scheduler itself goes (not a job's failure: that is stored). */
  onError?: (err: unknown) => void;
  /** Told when the wall clock jumped by `ms` (negative: back) and how many jobs were re-armed. */
  onClockJump?: (ms: number, rearmed: number) => void;
}

const clip = (s: string | undefined) => (s === undefined ? null : s.length > MESSAGE_MAX ? `${s.slice(0, MESSAGE_MAX - 1)}…` : s);

export class Runner {
  private dispatch?: Dispatch;
  private timer: unknown;
  private inflight = new Map<string, Promise<void>>();
  /** Wall and monotonic time at the last tick, to see the wall clock jump. */
  private mark?: { wall: number; mono: number };

  constructor(private o: RunnerOptions) {}

  get running(): boolean { return this.dispatch !== undefined; }

  start(dispatch: Dispatch): void {
    if (this.dispatch) throw new Error("scheduler already started");
    this.o.store.clearStale(this.o.clock.now());
    this.dispatch = dispatch;
    this.wake();
  }

  /** Stops starting runs and waits for those in progress, so their results are stored. */
  async stop(): Promise<void> {
    this.dispatch = undefined;
    this.disarm();
    await this.idle();
  }

  /** Starts every due job; resolves when those runs have finished. */
  async tick(): Promise<void> {
    const dispatch = this.dispatch;
    if (!dispatch) return;
    const now = this.o.clock.now();
    this.watchClock(now);
    const runs = this.o.store.due(now).filter((j) => !this.inflight.has(jobKey(j))).map((j) => this.run(j, now, dispatch));
    this.arm();
    await Promise.all(runs);
  }

  /** Resolves once no run started by this process is in progress. */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all(this.inflight.values());
  }

  /** Re-reads the table now (after a change through this process). */
  wake(): void {
    if (this.dispatch) this.tick().catch((err) => this.fail(err));
  }

  private run(job: Job, now: number, dispatch: Dispatch): Promise<void> {
    const { store, clock, timezone } = this.o;
    const by = this.o.runnerId ?? `pid ${process.pid}`;
    if (!store.claim(job.owner, job.name, now, nextFire(job.cron, now, timezone), by)) return Promise.resolve();
    const key = jobKey(job);
    const p = (async () => {
      let out: DispatchOutcome;
      try {
        out = await dispatch({ ...job, lastRunAt: now, runningSince: now, runningBy: by });
      } catch (err) {
        out = { ok: false, message: errorMessage(err) };
      }
      const end = clock.now();
      const cron = store.get(job.owner, job.name)?.cron ?? job.cron;
      // Slots that passed while it ran are skipped, not queued: that would be overlap by other means.
      // From its end even when the wall clock went back meanwhile: the schedule goes on in the new time.
      store.finish(job.owner, job.name, now, end, out.ok ? "ok" : "failed", clip(out.message), nextFire(cron, end, timezone));
    })().catch((err) => this.fail(err)).finally(() => {
      this.inflight.delete(key);
      if (this.dispatch) this.arm();
    });
    this.inflight.set(key, p);
    return p;
  }

  private watchClock(now: number): void {
    const mono = this.o.clock.monotonic();
    const was = this.mark;
    this.mark = { wall: now, mono };
    if (!was) return;
    const jump = (now - was.wall) - (mono - was.mono);
    if (Math.abs(jump) <= JUMP_MS) return;
    let rearmed = 0;
    if (jump < 0) {
      // A fire time later than the schedule's next slot from now can only be one set before the jump.
      for (const j of this.o.store.list()) {
        if (!j.enabled || j.runningSince !== null) continue;
        const next = nextFire(j.cron, now - 1, this.o.timezone);
        if (j.nextRunAt === null || next === null || j.nextRunAt > next) { this.o.store.rearm(j.owner, j.name, next); rearmed++; }
      }
    }
    (this.o.onClockJump ?? ((ms, n) => console.error(`scheduler: the wall clock jumped ${ms > 0 ? "forward" : "back"} ${Math.round(Math.abs(ms) / 1000)} s; ${n} jobs re-armed`)))(jump, rearmed);
  }

  private arm(): void {
    this.disarm();
    if (!this.dispatch) return;
    const next = this.o.store.earliest();
    const wait = next === null ? MAX_SLEEP_MS : Math.min(Math.max(next - this.o.clock.now(), 0), MAX_SLEEP_MS);
    this.timer = this.o.clock.setTimer(() => {
      this.timer = undefined;
      this.wake();
    }, wait);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private fail(err: unknown): void {
    (this.o.onError ?? ((e) => console.error(`scheduler: ${errorMessage(e)}`)))(err);
  }
}
