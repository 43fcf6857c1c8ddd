// One circuit breaker per provider: closed → open after N consecutive failures → half-open after a
// cool-down, when exactly one probe may pass; its success closes the circuit, its failure reopens it.
export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  failureThreshold: number;
  coolDownMs: number;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private state_: BreakerState = "closed";
  lastError?: string;

  constructor(readonly provider: string, private readonly opts: BreakerOptions) {}

  private now() { return (this.opts.now ?? Date.now)(); }

  get state(): BreakerState {
    if (this.state_ === "open" && this.now() - this.openedAt >= this.opts.coolDownMs) this.state_ = "half-open";
    return this.state_;
  }

  /** Whether a request may go out now; in half-open, only the first caller becomes the probe. */
  allow(): boolean {
    const s = this.state;
    if (s === "closed") return true;
    if (s === "half-open" && !this.probing) { this.probing = true; return true; }
    return false;
  }

  success() { this.failures = 0; this.probing = false; this.state_ = "closed"; this.lastError = undefined; }

  failure(reason: string) {
    this.lastError = reason;
    this.probing = false;
    this.failures++;
    if (this.state_ === "half-open" || this.failures >= this.opts.failureThreshold) {
      this.state_ = "open";
      this.openedAt = this.now();
    }
  }

  describe(): string {
    const s = this.state;
    return s === "closed" ? "closed" : `${s} after ${this.failures} consecutive failures (last: ${this.lastError})`;
  }
}

export class Breakers {
  private map = new Map<string, CircuitBreaker>();
  constructor(private readonly opts: BreakerOptions = { failureThreshold: 3, coolDownMs: 30_000 }) {}
  for(provider: string): CircuitBreaker {
    let b = this.map.get(provider);
    if (!b) this.map.set(provider, (b = new CircuitBreaker(provider, this.opts)));
    return b;
  }
  all(): CircuitBreaker[] { return [...this.map.values()]; }
}
