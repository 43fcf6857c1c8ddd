// Login attempts, limited per address and per user name. Each key has some free failures; after them
// every further failure doubles the wait before the next attempt is even looked at (1 s, 2 s, 4 s …
// up to a cap). A key is forgotten after a quiet spell; a right password clears its user's count
// (not its address's: one good account must not reset an address guessing at others).
export interface LimitPolicy { free: number; firstMs: number; capMs: number; forgetMs: number }

/** Per address: 10 free failures, then 1 s doubling to 15 min; forgotten after 1 h without a failure. */
export const ADDRESS_POLICY: LimitPolicy = { free: 10, firstMs: 1000, capMs: 15 * 60_000, forgetMs: 60 * 60_000 };
/** Per user name: 5 free failures, then 1 s doubling to 15 min; forgotten after 1 h without a failure. */
export const USER_POLICY: LimitPolicy = { free: 5, firstMs: 1000, capMs: 15 * 60_000, forgetMs: 60 * 60_000 };

interface Entry { failures: number; last: number; until: number }

export class LoginLimiter {
  readonly #keys = new Map<string, Entry>();
  constructor(
    private readonly policies: { address: LimitPolicy; user: LimitPolicy } = { address: ADDRESS_POLICY, user: USER_POLICY },
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  #entry(key: string, policy: LimitPolicy): Entry | undefined {
    const e = this.#keys.get(key);
    if (e && this.now() - e.last > policy.forgetMs) { this.#keys.delete(key); return undefined; }
    return e;
  }

  /** Milliseconds until this address may try this user again; 0 when it may now. */
  waitMs(address: string, user: string): number {
    const t = this.now();
    const a = this.#entry(`a:${address}`, this.policies.address), u = this.#entry(`u:${user}`, this.policies.user);
    return Math.max(0, (a?.until ?? 0) - t, (u?.until ?? 0) - t);
  }

  fail(address: string, user: string): void {
    this.#bump(`a:${address}`, this.policies.address);
    this.#bump(`u:${user}`, this.policies.user);
  }

  succeed(user: string): void { this.#keys.delete(`u:${user}`); }

  #bump(key: string, policy: LimitPolicy): void {
    const t = this.now();
    const e = this.#entry(key, policy) ?? { failures: 0, last: t, until: 0 };
    e.failures++;
    e.last = t;
    const over = e.failures - policy.free;
    if (over > 0) e.until = t + Math.min(policy.capMs, policy.firstMs * 2 ** Math.min(over - 1, 30));
    this.#keys.delete(key);
    this.#keys.set(key, e);
    if (this.#keys.size > this.maxKeys) this.#keys.delete(this.#keys.keys().next().value!);
  }
}
