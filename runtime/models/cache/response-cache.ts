// Caches answers keyed by tier, model, prompt and schema, each with a time to live. Only answers are
// kept ("don't know" and failures are not), so a cache hit is always something a model actually said.
import { sha256 } from "../hash.ts";
import type { ModelResult } from "../model.ts";

export interface CacheKeyParts { tier: string; model: string; promptHash: string; schemaHash: string }

export class ResponseCache {
  private entries = new Map<string, { result: ModelResult; expires: number }>();
  hits = 0;
  misses = 0;

  constructor(private readonly opts: { ttlMs: number; maxEntries?: number; now?: () => number } = { ttlMs: 10 * 60_000 }) {}

  private now() { return (this.opts.now ?? Date.now)(); }
  static key(p: CacheKeyParts) { return sha256(`${p.tier}\0${p.model}\0${p.promptHash}\0${p.schemaHash}`); }

  get(key: string): ModelResult | undefined {
    const e = this.entries.get(key);
    if (!e || e.expires <= this.now()) {
      if (e) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Refresh recency: Map iteration order is insertion order, so re-inserting makes eviction LRU.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e.result;
  }

  set(key: string, result: ModelResult, ttlMs = this.opts.ttlMs) {
    if (result.output.kind === "unknown" || ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { result, expires: this.now() + ttlMs });
    const max = this.opts.maxEntries ?? 10_000;
    while (this.entries.size > max) this.entries.delete(this.entries.keys().next().value!);
  }

  get size() { return this.entries.size; }
}
