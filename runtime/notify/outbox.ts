// The notification outbox: one row per message and channel, in SQLite, so nothing is lost or sent twice
// across restarts. A message's key is unique per channel (enqueueing it again is a no-op); sending is
// claimed with a lease (a process that dies mid-send leaves a row that is tried again after the lease,
// the same message under the same key, which receivers use to drop a repeat); failures wait 30 s, then
// twice as long each time up to 1 h, and after max attempts the row is marked failed.
import type { Database } from "bun:sqlite";
import { migrate } from "../db/open.ts";

export type Channel = "webhook" | "email";
export type RowState = "pending" | "sending" | "sent" | "failed";

export interface OutboxRow {
  id: number; key: string; channel: Channel; payload: string; state: RowState; attempts: number;
  createdAt: number; nextAt: number; leaseUntil: number | null; lastError: string | null; sentAt: number | null;
}

const MIGRATIONS = [{
  version: 1, name: "notification outbox",
  sql: `CREATE TABLE notify_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, channel TEXT NOT NULL, payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,
    next_at INTEGER NOT NULL, lease_until INTEGER, last_error TEXT, sent_at INTEGER, UNIQUE (key, channel));
    CREATE INDEX notify_outbox_due ON notify_outbox(state, next_at);`,
}];

interface Row { id: number; key: string; channel: Channel; payload: string; state: RowState; attempts: number; created_at: number; next_at: number; lease_until: number | null; last_error: string | null; sent_at: number | null }
const toRow = (r: Row): OutboxRow => ({
  id: r.id, key: r.key, channel: r.channel, payload: r.payload, state: r.state, attempts: r.attempts, createdAt: r.created_at,
  nextAt: r.next_at, leaseUntil: r.lease_until, lastError: r.last_error, sentAt: r.sent_at,
});

export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 3_600_000;
/** The wait after the n-th failed attempt: 30 s, 1 min, 2 min, … capped at 1 h. */
export const backoffMs = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);

export class Outbox {
  constructor(readonly db: Database, private readonly now: () => number = Date.now) {
    migrate(db, "notify", MIGRATIONS);
  }

  /** Adds the message for each channel; true for each channel it was new on. */
  enqueue(key: string, payload: unknown, channels: readonly Channel[]): Channel[] {
    const t = this.now();
    const add = this.db.query("INSERT OR IGNORE INTO notify_outbox (key, channel, payload, created_at, next_at) VALUES (?, ?, ?, ?, ?)");
    return this.db.transaction(() => channels.filter((c) => add.run(key, c, JSON.stringify(payload), t, t).changes === 1))();
  }

  /** The message's row on each channel. */
  rowsFor(key: string): OutboxRow[] {
    return this.db.query<Row, [string]>("SELECT * FROM notify_outbox WHERE key = ? ORDER BY id").all(key).map(toRow);
  }

  /** Takes due rows for sending (and rows whose sender died past its lease), each claimed by one process. */
  claim(leaseMs: number, limit = 20, ids?: readonly number[]): OutboxRow[] {
    const t = this.now();
    const only = ids ? `AND id IN (${ids.map(Number).join(",") || "NULL"})` : "";
    return this.db.query<Row, [number, number, number]>(
      `UPDATE notify_outbox SET state = 'sending', attempts = attempts + 1, lease_until = ?1 + ?2
       WHERE id IN (SELECT id FROM notify_outbox WHERE ((state = 'pending' AND next_at <= ?1) OR (state = 'sending' AND lease_until <= ?1)) ${only}
                    ORDER BY next_at, id LIMIT ?3)
       RETURNING *`).all(t, leaseMs, limit).map(toRow);
  }

  sent(id: number): void {
    this.db.query("UPDATE notify_outbox SET state = 'sent', sent_at = ?, lease_until = NULL, last_error = NULL WHERE id = ? AND state = 'sending'").run(this.now(), id);
  }

  /** A failed attempt: tried again after the backoff, or marked failed after maxAttempts. */
  failed(id: number, error: string, maxAttempts: number): RowState {
    const r = this.db.query<{ attempts: number }, [number]>("SELECT attempts FROM notify_outbox WHERE id = ?").get(id);
    const attempts = r?.attempts ?? maxAttempts;
    const state: RowState = attempts >= maxAttempts ? "failed" : "pending";
    this.db.query("UPDATE notify_outbox SET state = ?, next_at = ?, lease_until = NULL, last_error = ? WHERE id = ? AND state = 'sending'")
      .run(state, this.now() + backoffMs(attempts), error.slice(0, 500), id);
    return state;
  }

  /** Counts by channel and state, and the newest rows. */
  summary(recent = 10): { counts: { channel: Channel; state: RowState; n: number }[]; recent: OutboxRow[] } {
    return {
      counts: this.db.query<{ channel: Channel; state: RowState; n: number }, []>("SELECT channel, state, count(*) AS n FROM notify_outbox GROUP BY channel, state ORDER BY channel, state").all(),
      recent: this.db.query<Row, [number]>("SELECT * FROM notify_outbox ORDER BY id DESC LIMIT ?").all(recent).map(toRow),
    };
  }

  get(id: number): OutboxRow | undefined {
    const r = this.db.query<Row, [number]>("SELECT * FROM notify_outbox WHERE id = ?").get(id);
    return r ? toRow(r) : undefined;
  }

  /** Sent and failed rows older than `ms` go; their keys are old enough that nothing enqueues them again. */
  prune(ms: number): number {
    return this.db.query("DELETE FROM notify_outbox WHERE state IN ('sent', 'failed') AND created_at < ?").run(this.now() - ms).changes;
  }
}
