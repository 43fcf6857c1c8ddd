// Targeted reads of the audit chain for the provenance views: a decision entry by seq or id, the
// entries a decision caused (their `why` names its seq), and what happened to those later (approved,
// rejected, rolled back, restored by a person). Read-only; the chain is never written here.
import type { Database } from "bun:sqlite";
import type { AuditEntry } from "../../runtime/audit/log.ts";

interface Row { seq: number; ts: number; kind: string; actor: string; subject: string; data: string }
const toEntry = (r: Row): Entry => ({ seq: r.seq, ts: r.ts, kind: r.kind, actor: r.actor, subject: r.subject, data: JSON.parse(r.data) });

export type Entry = Omit<AuditEntry, "prevHash" | "hash">;

/** Kinds whose data carries the caller's `why` (and so the decision that caused them). */
const CAUSED_KINDS = ["tool.call", "tool.refused", "tool.failed", "approval.requested"];
/** What happens to an approval or a snapshot after the call. */
const FOLLOW_KINDS = ["approval.approved", "approval.rejected", "approval.expired", "approval.executed", "approval.failed", "rollback", "snapshot.restore"];
/** How far past a decision its consequences are looked for (an approval may come hours later). */
const WINDOW = 200_000;

export class AuditQuery {
  constructor(private readonly db: Database) {}

  /** False when this database has no audit table (a fresh state disk). */
  static has(db: Database): boolean {
    return !!db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
  }

  entry(seq: number): Entry | undefined {
    const r = this.db.query<Row, [number]>("SELECT * FROM audit_log WHERE seq = ?").get(seq);
    return r ? toEntry(r) : undefined;
  }

  /** The `decision` entry that recorded this decision id. */
  decision(id: string): Entry | undefined {
    const r = this.db.query<Row, [string]>("SELECT * FROM audit_log WHERE kind = 'decision' AND json_extract(data, '$.decision') = ? ORDER BY seq DESC LIMIT 1").get(id);
    return r ? toEntry(r) : undefined;
  }

  /** Tool calls, refusals, failures and approval requests whose `why` names this decision entry. */
  causedBy(decisionSeq: number): Entry[] {
    return this.db.query<Row, (string | number)[]>(
      `SELECT * FROM audit_log WHERE seq > ? AND seq <= ? AND kind IN (${CAUSED_KINDS.map(() => "?").join(",")}) AND json_extract(data, '$.why.decisionSeq') = ? ORDER BY seq`,
    ).all(decisionSeq, decisionSeq + WINDOW, ...CAUSED_KINDS, decisionSeq).map(toEntry);
  }

  /** Later entries about these approvals and snapshots (subjects), in order. */
  followUps(subjects: string[], afterSeq: number): Entry[] {
    if (!subjects.length) return [];
    return this.db.query<Row, (string | number)[]>(
      `SELECT * FROM audit_log WHERE seq > ? AND seq <= ? AND kind IN (${FOLLOW_KINDS.map(() => "?").join(",")}) AND subject IN (${subjects.map(() => "?").join(",")}) ORDER BY seq`,
    ).all(afterSeq, afterSeq + WINDOW, ...FOLLOW_KINDS, ...subjects).map(toEntry);
  }

  /** The `decision.acted` entry that lists what this decision caused, if any. */
  acted(decisionSeq: number): Entry | undefined {
    const r = this.db.query<Row, [number, number, number]>("SELECT * FROM audit_log WHERE kind = 'decision.acted' AND seq > ? AND seq <= ? AND json_extract(data, '$.decisionSeq') = ? LIMIT 1")
      .get(decisionSeq, decisionSeq + WINDOW, decisionSeq);
    return r ? toEntry(r) : undefined;
  }

  /** Every decision entry since `since` (ms): seq, type, tier and proposed action, for the rates. */
  decisions(since = 0): { seq: number; type: string; tier: string | null; action: string | null }[] {
    return this.db.query<{ seq: number; type: string; tier: string | null; action: string | null }, [number]>(
      "SELECT seq, subject AS type, json_extract(data, '$.tier') AS tier, json_extract(data, '$.choice.action') AS action FROM audit_log WHERE kind = 'decision' AND ts >= ? ORDER BY seq",
    ).all(since);
  }

  /** Approval ids and snapshot ids each decision's calls produced (decision seq → subjects). */
  consequences(fromSeq: number): { decisionSeq: number; approval: string | null; snapshot: string | null }[] {
    return this.db.query<{ decisionSeq: number; approval: string | null; snapshot: string | null }, [number]>(
      `SELECT json_extract(data, '$.why.decisionSeq') AS decisionSeq, CASE kind WHEN 'approval.requested' THEN subject END AS approval, json_extract(data, '$.snapshot') AS snapshot
       FROM audit_log WHERE seq > ? AND kind IN ('approval.requested', 'tool.call', 'tool.failed') AND json_extract(data, '$.why.decisionSeq') IS NOT NULL`,
    ).all(fromSeq);
  }

  /** Approvals a person rejected and snapshots a person restored (undoing a change), after a seq. */
  personOverrides(fromSeq: number): { kind: string; subject: string; actor: string }[] {
    return this.db.query<{ kind: string; subject: string; actor: string }, [number]>(
      "SELECT kind, subject, actor FROM audit_log WHERE seq > ? AND kind IN ('approval.rejected', 'snapshot.restore') AND actor LIKE 'user:%'",
    ).all(fromSeq);
  }
}
