// The audit log: an append-only, hash-chained record of every decision, tool call, approval, config
// change and service state change. Appends are durable (synchronous=FULL) and serialised across
// processes by an IMMEDIATE transaction, so two writers can never fork the chain.
import type { Database } from "bun:sqlite";
import { migrate, openDatabase } from "../db/open.ts";
import { asStateDiskError } from "../db/disk-error.ts";
import { StateDiskError } from "../errors.ts";
import { importAuditFrom } from "./import.ts";
import { entryHash, GENESIS_HASH } from "./hash.ts";
import { AUDIT_SCOPE, auditMigrations } from "./schema.ts";
import { verifyAudit, type VerifyResult } from "./verify.ts";

/** Known kinds; others are allowed so new components need no change here. */
export type AuditKind =
  | "decision" | "tool.call" | "tool.refused" | "tool.failed"
  | "approval.requested" | "approval.approved" | "approval.rejected" | "approval.expired"
  | "config.change" | "service.state" | "snapshot" | "rollback" | (string & {});

export interface AuditInput {
  kind: AuditKind;
  /** Who acted: an agent id, "user:<name>", "init". */
  actor: string;
  /** What it was about: a tool name, a service id, a config file. */
  subject: string;
  /** Anything JSON: provenance, input, effects, result. */
  data?: unknown;
  ts?: number;
}

export interface AuditEntry {
  seq: number;
  ts: number;
  kind: string;
  actor: string;
  subject: string;
  data: unknown;
  prevHash: string;
  hash: string;
}

interface Row { seq: number; ts: number; kind: string; actor: string; subject: string; data: string; prev_hash: string; hash: string }

export class AuditLog {
  private readonly insert;
  private readonly last;

  /** `readonly`: for aiosctl audit verify|tail|export on a database it must not write. */
  constructor(readonly db: Database, opts: { readonly?: boolean } = {}) {
    if (!opts.readonly) {
      // Durability is per connection: an acknowledged entry must survive a power cut.
      db.exec("PRAGMA synchronous = FULL");
      migrate(db, AUDIT_SCOPE, auditMigrations);
    }
    this.insert = db.query("INSERT INTO audit_log (seq, ts, kind, actor, subject, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.last = db.query<{ seq: number; hash: string }, []>("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  }

  /**
   * Opens (creating if needed) the audit log in the database at `path` on its own FULL-sync connection.
   * `importFrom`: a state database whose older audit_log rows move into this file on first open.
   */
  static open(path: string, opts: { readonly?: boolean; importFrom?: string } = {}): AuditLog {
    if (opts.readonly) return new AuditLog(openDatabase(path, { readonly: true }), opts);
    const log = new AuditLog(openDatabase(path, { synchronous: "FULL" }));
    if (opts.importFrom) {
      // An unreadable state database must not hold up the audit log: its old rows stay where they are.
      try { importAuditFrom(log.db, opts.importFrom); } catch (err) {
        const disk = asStateDiskError(err, opts.importFrom);
        if (disk instanceof StateDiskError && disk.kind !== "corrupt") throw disk;
        console.error(`audit: older entries in ${opts.importFrom} not moved over: ${(err as Error).message}`);
      }
    }
    return log;
  }

  append(input: AuditInput): AuditEntry {
    return this.appendMany([input])[0]!;
  }

  /** Appends several entries in one transaction (one fsync): the fast path for bursts. */
  appendMany(inputs: readonly AuditInput[]): AuditEntry[] {
    const run = this.db.transaction(() => {
      const head = this.last.get();
      let seq = head?.seq ?? 0;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const out: AuditEntry[] = [];
      for (const i of inputs) {
        seq += 1;
        const ts = i.ts ?? Date.now();
        // The stored text is what is hashed and what verify re-hashes: no canonical form is needed.
        const data = JSON.stringify(i.data ?? null);
        const hash = entryHash(prevHash, { seq, ts, kind: i.kind, actor: i.actor, subject: i.subject, data });
        this.insert.run(seq, ts, i.kind, i.actor, i.subject, data, prevHash, hash);
        out.push({ seq, ts, kind: i.kind, actor: i.actor, subject: i.subject, data: i.data ?? null, prevHash, hash });
        prevHash = hash;
      }
      return out;
    });
    try { return run.immediate(); } catch (err) { throw asStateDiskError(err, this.db.filename); }
  }

  /** The newest entry's position and hash: copy it somewhere else (serial log, remote) as an anchor. */
  head(): { seq: number; hash: string } {
    return this.last.get() ?? { seq: 0, hash: GENESIS_HASH };
  }

  verify(anchor?: { seq: number; hash: string }): VerifyResult {
    return verifyAudit(this.db, anchor);
  }

  /** The last `n` entries, oldest first, optionally of one kind. */
  tail(n = 20, kind?: string): AuditEntry[] {
    const rows = kind
      ? this.db.query<Row, [string, number]>("SELECT * FROM audit_log WHERE kind = ? ORDER BY seq DESC LIMIT ?").all(kind, n)
      : this.db.query<Row, [number]>("SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?").all(n);
    return rows.reverse().map(toEntry);
  }

  /** Entries at or after `ts` (epoch ms), oldest first, at most `limit` (the newest ones when more). */
  since(ts: number, limit = 500): AuditEntry[] {
    return this.db.query<Row, [number, number]>("SELECT * FROM audit_log WHERE ts >= ? ORDER BY seq DESC LIMIT ?").all(ts, limit).reverse().map(toEntry);
  }

  /** Entries from `fromSeq` on, in order, streamed so an export of millions stays flat in memory. */
  *entries(fromSeq = 1): Generator<AuditEntry> {
    for (const row of this.db.query<Row, [number]>("SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq").iterate(fromSeq)) yield toEntry(row);
  }

  /**
   * NDJSON lines, one per entry, with the stored hashes and `data` as the exact stored JSON text, so
   * the export can be verified elsewhere (verifyExport) byte for byte.
   */
  *exportNdjson(fromSeq = 1): Generator<string> {
    for (const r of this.db.query<Row, [number]>("SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq").iterate(fromSeq)) {
      yield JSON.stringify({ seq: r.seq, ts: r.ts, kind: r.kind, actor: r.actor, subject: r.subject, data: r.data, prevHash: r.prev_hash, hash: r.hash });
    }
  }
}

function toEntry(r: Row): AuditEntry {
  return { seq: r.seq, ts: r.ts, kind: r.kind, actor: r.actor, subject: r.subject, data: JSON.parse(r.data), prevHash: r.prev_hash, hash: r.hash };
}
