// Keeps every decision with its provenance in SQLite (through the shared openDatabase), so "why did
// the agent do that?" has an answer: which tier, which model file, what it cost, why it escalated.
import type { Database } from "bun:sqlite";
import { migrate } from "../../db/open.ts";
import type { Decision } from "./provenance.ts";

const MIGRATIONS = [{
  version: 1, name: "decisions",
  sql: `CREATE TABLE model_decisions (id TEXT PRIMARY KEY, at INTEGER NOT NULL, agent TEXT NOT NULL, type TEXT NOT NULL,
        outcome TEXT NOT NULL, tier TEXT, model TEXT, cost_usd REAL NOT NULL, latency_ms REAL NOT NULL, decision TEXT NOT NULL);
        CREATE INDEX model_decisions_agent ON model_decisions (agent, at)`,
}];

export class DecisionLog {
  constructor(private readonly db: Database) { migrate(db, "models.decisions", MIGRATIONS); }

  record(d: Decision) {
    this.db.query("INSERT INTO model_decisions (id, at, agent, type, outcome, tier, model, cost_usd, latency_ms, decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(d.id, Date.now(), d.agent, d.type, d.outcome, d.tier ?? null, d.modelId ?? null, d.totalCostUsd, d.latencyMs, JSON.stringify(d));
  }

  recent(limit = 20): Decision[] {
    return this.db.query<{ decision: string }, [number]>("SELECT decision FROM model_decisions ORDER BY at DESC, rowid DESC LIMIT ?").all(limit).map((r) => JSON.parse(r.decision));
  }
}
