// Time as the scheduler sees it: the current instant and one timer. Injected, so tests step a manual
// clock through missed slots and restarts instead of sleeping.

export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A clock that moves only when told; `advanceTo` fires the timers that fall due on the way. */
export class ManualClock implements Clock {
  private timers = new Map<number, { at: number; fn: () => void }>();
  private seq = 0;

  constructor(private t: number) {}

  now(): number { return this.t; }

  setTimer(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimer(handle: unknown): void { this.timers.delete(handle as number); }

  /** Timers currently armed (the scheduler keeps at most one). */
  get pending(): number { return this.timers.size; }

  advanceTo(t: number): void {
    for (;;) {
      const next = [...this.timers].filter(([, x]) => x.at <= t).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = Math.max(this.t, t);
  }

  advance(ms: number): void { this.advanceTo(this.t + ms); }
}
