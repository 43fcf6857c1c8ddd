// Incidents as first-class records in the agents' database: when one opened, its evidence, the
// decisions (tier, model, prompt hash, audit seq), the actions (with their audit entry ids), the
// verification and the state. One open incident per finding key; FTS5 makes them searchable.
import type { Database } from "bun:sqlite";
import { migrate, type Migration } from "../../runtime/db/open.ts";
import type { Finding, Severity } from "../loop/types.ts";

export type IncidentState = "open" | "proposed" | "awaiting_approval" | "acting" | "resolved" | "failed" | "escalated";
export const OPEN_STATES: readonly IncidentState[] = ["open", "proposed", "awaiting_approval", "acting", "escalated"];

export interface DecisionRecord {
  ts: number; decisionId: string; tier?: string; model?: string; promptHash?: string; cacheHit?: boolean;
  action: string; params: Record<string, unknown>; reason: string; auditSeq?: number; degraded?: string;
}
export interface ActionRecord {
  ts: number; action: string; tool: string; input: unknown; status: string; auditSeq?: number;
  approvalId?: string; snapshotId?: string; effects?: string[]; detail?: string;
}
export interface Incident {
  id: number; kind: string; key: string; agent: string; owner: string; severity: Severity; summary: string;
  state: IncidentState; openedAt: number; updatedAt: number; closedAt?: number;
  evidence: string[]; facts: Record<string, unknown>;
  decisions: DecisionRecord[]; actions: ActionRecord[];
  verification: { ts: number; result: string }[];
  /** Cycles the symptom has still been seen since the last action. */
  cyclesSinceAction: number;
  note?: string;
}

const MIGRATIONS: Migration[] = [{
  version: 1, name: "incidents",
  sql: `CREATE TABLE incidents (
      id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, key TEXT NOT NULL, agent TEXT NOT NULL, owner TEXT NOT NULL,
      severity TEXT NOT NULL, summary TEXT NOT NULL, state TEXT NOT NULL, opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      closed_at INTEGER, evidence TEXT NOT NULL, facts TEXT NOT NULL, decisions TEXT NOT NULL DEFAULT '[]',
      actions TEXT NOT NULL DEFAULT '[]', verification TEXT NOT NULL DEFAULT '[]', cycles INTEGER NOT NULL DEFAULT 0, note TEXT);
    CREATE INDEX incidents_key ON incidents(key, state);
    CREATE VIRTUAL TABLE incidents_fts USING fts5(summary, evidence, kind, content='incidents', content_rowid='id');
    CREATE TRIGGER incidents_ai AFTER INSERT ON incidents BEGIN
      INSERT INTO incidents_fts(rowid, summary, evidence, kind) VALUES (new.id, new.summary, new.evidence, new.kind); END;
    CREATE TRIGGER incidents_au AFTER UPDATE OF summary, evidence ON incidents BEGIN
      INSERT INTO incidents_fts(incidents_fts, rowid, summary, evidence, kind) VALUES ('delete', old.id, old.summary, old.evidence, old.kind);
      INSERT INTO incidents_fts(rowid, summary, evidence, kind) VALUES (new.id, new.summary, new.evidence, new.kind); END;`,
}];

interface Row {
  id: number; kind: string; key: string; agent: string; owner: string; severity: Severity; summary: string; state: IncidentState;
  opened_at: number; updated_at: number; closed_at: number | null; evidence: string; facts: string; decisions: string;
  actions: string; verification: string; cycles: number; note: string | null;
}
const toIncident = (r: Row): Incident => ({
  id: r.id, kind: r.kind, key: r.key, agent: r.agent, owner: r.owner, severity: r.severity, summary: r.summary, state: r.state,
  openedAt: r.opened_at, updatedAt: r.updated_at, closedAt: r.closed_at ?? undefined, evidence: JSON.parse(r.evidence),
  facts: JSON.parse(r.facts), decisions: JSON.parse(r.decisions), actions: JSON.parse(r.actions),
  verification: JSON.parse(r.verification), cyclesSinceAction: r.cycles, note: r.note ?? undefined,
});
const OPEN_SQL = `state IN (${OPEN_STATES.map((s) => `'${s}'`).join(",")})`;

export class IncidentStore {
  constructor(readonly db: Database, private readonly now: () => number = Date.now, opts: { readonly?: boolean } = {}) {
    if (!opts.readonly) migrate(db, "incidents", MIGRATIONS);
  }

  /** The open incident for this key, if any. */
  openFor(key: string): Incident | undefined {
    const r = this.db.query<Row, [string]>(`SELECT * FROM incidents WHERE key = ? AND ${OPEN_SQL} ORDER BY id DESC LIMIT 1`).get(key);
    return r ? toIncident(r) : undefined;
  }

  open(f: Finding, agent: string): Incident {
    const t = this.now();
    const r = this.db.query<Row, (string | number)[]>(
      `INSERT INTO incidents (kind, key, agent, owner, severity, summary, state, opened_at, updated_at, evidence, facts)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) RETURNING *`,
    ).get(f.kind, f.key, agent, f.owner ?? agent, f.severity, f.summary, t, t, JSON.stringify(f.evidence), JSON.stringify(f.facts));
    return toIncident(r!);
  }

  /** Fresh evidence for a symptom that is still there. */
  refresh(id: number, f: Finding): void {
    this.db.query("UPDATE incidents SET summary = ?, evidence = ?, facts = ?, severity = ?, updated_at = ? WHERE id = ?")
      .run(f.summary, JSON.stringify(f.evidence), JSON.stringify(f.facts), f.severity, this.now(), id);
  }

  get(id: number): Incident | undefined {
    const r = this.db.query<Row, [number]>("SELECT * FROM incidents WHERE id = ?").get(id);
    return r ? toIncident(r) : undefined;
  }

  update(id: number, change: { state?: IncidentState; note?: string; cycles?: number; decision?: DecisionRecord; action?: ActionRecord; verification?: string }): Incident {
    const cur = this.get(id);
    if (!cur) throw new Error(`no incident ${id}`);
    const t = this.now();
    const state = change.state ?? cur.state;
    const closed = ["resolved", "failed"].includes(state) ? t : null;
    this.db.query(`UPDATE incidents SET state = ?, note = ?, cycles = ?, decisions = ?, actions = ?, verification = ?, updated_at = ?, closed_at = ? WHERE id = ?`).run(
      state, change.note ?? cur.note ?? null, change.cycles ?? cur.cyclesSinceAction,
      JSON.stringify(change.decision ? [...cur.decisions, change.decision] : cur.decisions),
      JSON.stringify(change.action ? [...cur.actions, change.action] : cur.actions),
      JSON.stringify(change.verification ? [...cur.verification, { ts: t, result: change.verification }] : cur.verification),
      t, closed, id,
    );
    return this.get(id)!;
  }

  list(o: { open?: boolean; agent?: string; limit?: number } = {}): Incident[] {
    const where = [o.open ? OPEN_SQL : "1", o.agent ? "(agent = $agent OR owner = $agent)" : "1"].join(" AND ");
    return this.db.query<Row, Record<string, string | number>>(`SELECT * FROM incidents WHERE ${where} ORDER BY id DESC LIMIT $limit`)
      .all({ ...(o.agent ? { $agent: o.agent } : {}), $limit: o.limit ?? 50 }).map(toIncident);
  }

  openIncidents(): Incident[] {
    return this.db.query<Row, []>(`SELECT * FROM incidents WHERE ${OPEN_SQL} ORDER BY id`).all().map(toIncident);
  }

  search(text: string, limit = 20): Incident[] {
    const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
    if (!words.length) return [];
    const q = words.map((w) => `"${w}"`).join(" OR ");
    return this.db.query<Row, [string, number]>("SELECT incidents.* FROM incidents_fts JOIN incidents ON incidents.id = incidents_fts.rowid WHERE incidents_fts MATCH ? ORDER BY rank LIMIT ?")
      .all(q, limit).map(toIncident);
  }

  /** Counts per state and per decision tier, for `aiosctl agents`. */
  stats(agent: string): { open: number; byTier: Record<string, number> } {
    const open = this.db.query<{ n: number }, [string, string]>(`SELECT count(*) AS n FROM incidents WHERE (agent = ? OR owner = ?) AND ${OPEN_SQL}`).get(agent, agent)!.n;
    const byTier: Record<string, number> = {};
    for (const r of this.db.query<{ decisions: string }, [string]>("SELECT decisions FROM incidents WHERE owner = ?").all(agent)) {
      for (const d of JSON.parse(r.decisions) as DecisionRecord[]) byTier[d.tier ?? "none"] = (byTier[d.tier ?? "none"] ?? 0) + 1;
    }
    return { open, byTier };
  }
}
