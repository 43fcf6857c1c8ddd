// Keeps every decision with its provenance in SQLite (through the shared openDatabase), so "why did
// the agent do that?" has an answer: which tier, which model file, what it cost, why it escalated.
// The request (messages, schema or functions, facts) is kept beside it, size-capped, so a decision can
// be replayed through another model (`aiosctl shadow`) without acting.
import type { Database } from "bun:sqlite";
import { migrate } from "../../db/open.ts";
import type { Decision, DecisionRequest } from "./provenance.ts";

const MIGRATIONS = [{
  version: 1, name: "decisions",
  sql: `CREATE TABLE model_decisions (id TEXT PRIMARY KEY, at INTEGER NOT NULL, agent TEXT NOT NULL, type TEXT NOT NULL,
        outcome TEXT NOT NULL, tier TEXT, model TEXT, cost_usd REAL NOT NULL, latency_ms REAL NOT NULL, decision TEXT NOT NULL);
        CREATE INDEX model_decisions_agent ON model_decisions (agent, at)`,
}, {
  version: 2, name: "decision requests",
  sql: `ALTER TABLE model_decisions ADD COLUMN request TEXT; CREATE INDEX model_decisions_type ON model_decisions (type, at)`,
}];

/** Requests larger than this are not kept (the decision is, marked not replayable). */
export const REQUEST_LIMIT = 64 * 1024;

/** What is kept of a request: enough to ask again, nothing that cannot be serialised (signals). */
export type StoredRequest = Pick<DecisionRequest, "type" | "agent" | "messages" | "schema" | "functions" | "facts" | "maxTokens" | "temperature">;

export interface LoggedDecision { decision: Decision; at: number; request?: StoredRequest; requestNote?: string }

interface Row { decision: string; at: number; request?: string | null }

export class DecisionLog {
  /** `readonly`: for readers (aiosctl, the provenance views) on a database they must not write. */
  constructor(private readonly db: Database, opts: { readonly?: boolean } = {}) {
    if (!opts.readonly) migrate(db, "models.decisions", MIGRATIONS);
  }

  record(d: Decision, req?: DecisionRequest) {
    this.db.query("INSERT INTO model_decisions (id, at, agent, type, outcome, tier, model, cost_usd, latency_ms, decision, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(d.id, Date.now(), d.agent, d.type, d.outcome, d.tier ?? null, d.modelId ?? null, d.totalCostUsd, d.latencyMs, JSON.stringify(d), req ? storedRequest(req) : null);
  }

  recent(limit = 20): Decision[] {
    return this.db.query<{ decision: string }, [number]>("SELECT decision FROM model_decisions ORDER BY at DESC, rowid DESC LIMIT ?").all(limit).map((r) => JSON.parse(r.decision));
  }

  get(id: string): LoggedDecision | undefined {
    const r = this.db.query<Row, [string]>("SELECT * FROM model_decisions WHERE id = ?").get(id);
    return r ? toLogged(r) : undefined;
  }

  /** Newest first, optionally of one type and from a time on. */
  list(o: { type?: string; since?: number; limit?: number } = {}): LoggedDecision[] {
    return this.db.query<Row, Record<string, string | number>>(
      `SELECT * FROM model_decisions WHERE at >= $since ${o.type ? "AND type = $type" : ""} ORDER BY at DESC, rowid DESC LIMIT $limit`,
    ).all({ $since: o.since ?? 0, $limit: o.limit ?? 1000, ...(o.type ? { $type: o.type } : {}) }).map(toLogged);
  }

  /** Counts per type, answering tier, outcome and whether a higher tier had to be asked (for the rates). */
  counts(since = 0): { type: string; tier: string | null; outcome: string; escalated: number; n: number; costUsd: number }[] {
    return this.db.query<{ type: string; tier: string | null; outcome: string; escalated: number; n: number; costUsd: number }, [number]>(
      `SELECT type, tier, outcome, EXISTS (SELECT 1 FROM json_each(decision, '$.attempts') WHERE json_extract(value, '$.escalated') IS NOT NULL) AS escalated,
              count(*) AS n, sum(cost_usd) AS costUsd FROM model_decisions WHERE at >= ? GROUP BY 1, 2, 3, 4 ORDER BY 1`,
    ).all(since);
  }
}

function storedRequest(req: DecisionRequest): string {
  const keep: StoredRequest = { type: req.type, agent: req.agent, messages: req.messages, schema: req.schema, functions: req.functions, facts: req.facts, maxTokens: req.maxTokens, temperature: req.temperature };
  const text = JSON.stringify(keep);
  return text.length <= REQUEST_LIMIT ? text : JSON.stringify({ omitted: `request of ${text.length} bytes is over the ${REQUEST_LIMIT}-byte limit` });
}

function toLogged(r: Row): LoggedDecision {
  const decision = JSON.parse(r.decision) as Decision;
  if (!r.request) return { decision, at: r.at, requestNote: "the request was not recorded (decided before requests were kept)" };
  const req = JSON.parse(r.request) as StoredRequest & { omitted?: string };
  return req.omitted ? { decision, at: r.at, requestNote: req.omitted } : { decision, at: r.at, request: req };
}
