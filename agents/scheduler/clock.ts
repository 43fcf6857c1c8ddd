// Time as the scheduler sees it: the wall clock (what cron expressions are read against), a monotonic
// clock (what intervals are measured with: it never jumps), and one timer, which like setTimeout runs
// on monotonic time. Injected, so tests step a manual clock through missed slots, restarts and jumps
// of the wall clock instead of sleeping.

export interface Clock {
  /** Wall-clock time, epoch ms: may jump (NTP, a wrong RTC, an operator's date -s). */
  now(): number;
  /** Monotonic ms from an arbitrary origin: only moves forward, at the pace of real time. */
  monotonic(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A clock that moves only when told; `advance` fires the timers that fall due on the way. */
export class ManualClock implements Clock {
  private timers = new Map<number, { at: number; fn: () => void }>();
  private seq = 0;
  private mono = 0;

  constructor(private t: number) {}

  now(): number { return this.t; }

  monotonic(): number { return this.mono; }

  setTimer(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.mono + Math.max(0, ms), fn });
    return id;
  }

  clearTimer(handle: unknown): void { this.timers.delete(handle as number); }

  /** Timers currently armed (the scheduler keeps at most one). */
  get pending(): number { return this.timers.size; }

  /** Real time passes: both clocks move by `ms`, firing due timers on the way. */
  advance(ms: number): void {
    const end = this.mono + Math.max(0, ms);
    for (;;) {
      const next = [...this.timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.timers.delete(next[0]);
      if (next[1].at > this.mono) { this.t += next[1].at - this.mono; this.mono = next[1].at; }
      next[1].fn();
    }
    this.t += end - this.mono;
    this.mono = end;
  }

  /** Real time passes until the wall clock reads `t` (never backwards). */
  advanceTo(t: number): void { this.advance(t - this.t); }

  /** The wall clock alone is set forward or back by `ms`; no real time passes, no timer fires. */
  jump(ms: number): void { this.t += ms; }
}
