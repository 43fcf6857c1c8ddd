// GET /v1/metrics on the agent host's socket: counts for the web console's Prometheus endpoint, read
// from the agents' database (incidents, the decision log, today's budget use) and the live agents.
// Each part that cannot be read (a table not made yet) is left out and named in `missing`.
import type { Hono } from "hono";
import { errorMessage } from "../../runtime/errors.ts";
import { DecisionTally, LATENCY_BUCKETS, type ModelUse, type TierLatency } from "./decision-tally.ts";
import type { AgentHost } from "./host.ts";

export interface HostMetrics {
  agents: { name: string; state: string; cycles: number; openIncidents: number; lastCycleMs?: number }[];
  incidents: { kind: string; state: string; n: number }[];
  decisions: { tier: string; outcome: string; n: number }[];
  latency: { le: readonly number[]; tiers: TierLatency[] };
  models: ModelUse[];
  budgets: { scope: string; tokens: number; usd: number }[];
  missing: Record<string, string>;
}

export function mountHostMetrics(app: Hono, host: AgentHost): void {
  const db = host.incidents.db;
  const tally = new DecisionTally(db);
  app.get("/v1/metrics", (c) => {
    const missing: Record<string, string> = {};
    const part = <T>(name: string, fn: () => T, empty: T): T => {
      try { return fn(); } catch (err) { missing[name] = errorMessage(err); return empty; }
    };
    const decided = part("decisions", () => tally.update(), undefined);
    const out: HostMetrics = {
      agents: host.status().map((a) => ({ name: a.name, state: a.state, cycles: a.cycles, openIncidents: a.openIncidents, lastCycleMs: a.lastCycleMs })),
      incidents: part("incidents", () => db.query<{ kind: string; state: string; n: number }, []>("SELECT kind, state, count(*) AS n FROM incidents GROUP BY kind, state").all(), []),
      decisions: decided ? [...decided.byOutcome.values()] : [],
      latency: { le: LATENCY_BUCKETS, tiers: decided ? [...decided.latency.values()] : [] },
      models: decided ? [...decided.models.values()] : [],
      budgets: part("budgets", () => db.query<{ scope: string; tokens: number; usd: number }, [string]>(
        "SELECT scope, tokens, usd FROM model_usage WHERE day = ?").all(new Date().toISOString().slice(0, 10)), []),
      missing,
    };
    return c.json(out);
  });
}
