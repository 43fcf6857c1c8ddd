// The agents' own database (agents.db, owned by the unprivileged host): each agent's memo (baselines,
// counters) and its operator state (paused). Incidents and jobs live in the same file.
import type { Database } from "bun:sqlite";
import { migrate } from "../../runtime/db/open.ts";
import type { Memo } from "../loop/types.ts";

export function migrateAgentState(db: Database): void {
  migrate(db, "agent-state", [{
    version: 1, name: "memo and pause",
    sql: `CREATE TABLE agent_memo (agent TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (agent, key));
          CREATE TABLE agent_state (agent TEXT PRIMARY KEY, paused INTEGER NOT NULL DEFAULT 0, changed_at INTEGER NOT NULL);`,
  }]);
}

export function memoFor(db: Database, agent: string): Memo {
  const get = db.query<{ value: string }, [string, string]>("SELECT value FROM agent_memo WHERE agent = ? AND key = ?");
  const set = db.query("INSERT INTO agent_memo (agent, key, value) VALUES (?, ?, ?) ON CONFLICT(agent, key) DO UPDATE SET value = excluded.value");
  return {
    get<T>(key: string): T | undefined {
      const r = get.get(agent, key);
      return r ? (JSON.parse(r.value) as T) : undefined;
    },
    set(key: string, value: unknown): void { set.run(agent, key, JSON.stringify(value ?? null)); },
  };
}

export function isPaused(db: Database, agent: string): boolean {
  return (db.query<{ paused: number }, [string]>("SELECT paused FROM agent_state WHERE agent = ?").get(agent)?.paused ?? 0) === 1;
}

export function setPaused(db: Database, agent: string, paused: boolean): void {
  db.query("INSERT INTO agent_state (agent, paused, changed_at) VALUES (?, ?, ?) ON CONFLICT(agent) DO UPDATE SET paused = excluded.paused, changed_at = excluded.changed_at")
    .run(agent, paused ? 1 : 0, Date.now());
}
