// Running totals over the decision log (model_decisions) for the metrics endpoint: decisions by tier and
// outcome, the latency histogram, and tokens, model seconds and cost per tier and model from each
// attempt. Rows are append-only, so each call reads only rows newer than the last one it saw: a scrape
// stays cheap however long the log grows. Totals cover the whole log, so a restarted host reports the
// same totals again (no counter reset) after one full read.
import type { Database } from "bun:sqlite";
import type { Decision } from "../../runtime/models/hierarchy/provenance.ts";

/** Seconds: the reactive tier answers in well under a millisecond, a remote one in tens of seconds. */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;

export interface TierLatency { tier: string; cumulative: number[]; sum: number; count: number }
export interface ModelUse { tier: string; model: string; input: number; output: number; seconds: number; costUsd: number; attempts: number; cacheHits: number }

export class DecisionTally {
  private cursor = 0;
  readonly byOutcome = new Map<string, { tier: string; outcome: string; n: number }>();
  readonly latency = new Map<string, TierLatency>();
  readonly models = new Map<string, ModelUse>();

  constructor(private readonly db: Database) {}

  /** Reads rows added since the last call. Throws when the table is not there (no decision made yet). */
  update(): this {
    const rows = this.db.query<{ rowid: number; tier: string | null; outcome: string; latency_ms: number; decision: string }, [number]>(
      "SELECT rowid, tier, outcome, latency_ms, decision FROM model_decisions WHERE rowid > ? ORDER BY rowid").all(this.cursor);
    for (const r of rows) {
      this.cursor = r.rowid;
      const tier = r.tier ?? "none";
      const o = this.byOutcome.get(`${tier}\0${r.outcome}`) ?? { tier, outcome: r.outcome, n: 0 };
      o.n += 1;
      this.byOutcome.set(`${tier}\0${r.outcome}`, o);
      const l = this.latency.get(tier) ?? { tier, cumulative: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      const s = r.latency_ms / 1000;
      LATENCY_BUCKETS.forEach((le, i) => { if (s <= le) l.cumulative[i]! += 1; });
      l.sum += s;
      l.count += 1;
      this.latency.set(tier, l);
      let d: Decision;
      try { d = JSON.parse(r.decision) as Decision; } catch { continue; }
      for (const a of d.attempts ?? []) {
        const key = `${a.tier}\0${a.modelId}`;
        const m = this.models.get(key) ?? { tier: a.tier, model: a.modelId, input: 0, output: 0, seconds: 0, costUsd: 0, attempts: 0, cacheHits: 0 };
        m.attempts += 1;
        if (a.cacheHit) m.cacheHits += 1;
        else { m.input += a.tokens?.input ?? 0; m.output += a.tokens?.output ?? 0; m.seconds += (a.latencyMs ?? 0) / 1000; }
        m.costUsd += a.costUsd ?? 0;
        this.models.set(key, m);
      }
    }
    return this;
  }
}
