// Walks the chain and names the first entry that does not hold: an edited entry fails its own hash,
// a deleted one leaves a gap in the sequence, a reordered one breaks the link to its predecessor.
import type { Database } from "bun:sqlite";
import { entryHash, GENESIS_HASH } from "./hash.ts";

export type VerifyResult =
  | { ok: true; count: number; head: { seq: number; hash: string } }
  | { ok: false; count: number; brokenAt: number; reason: string };

interface Row { seq: number; ts: number; kind: string; actor: string; subject: string; data: string; prev_hash: string; hash: string }

/**
 * `anchor` is a head recorded elsewhere earlier (see AuditLog.head): with it, removing entries from
 * the end of the chain is detected too, which no chain can do on its own.
 */
export function verifyAudit(db: Database, anchor?: { seq: number; hash: string }): VerifyResult {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const rows = db.query<Row, []>("SELECT * FROM audit_log ORDER BY seq").iterate();
  for (;;) {
    let next: IteratorResult<Row>;
    // A damaged file (pages overwritten) fails while being read: name the entry where reading stopped.
    try { next = rows.next(); } catch (err) { return { ok: false, count, brokenAt: expectedSeq, reason: `entry ${expectedSeq} cannot be read: ${(err as Error).message} (the file is damaged)` }; }
    if (next.done) break;
    const r = next.value;
    if (r.seq !== expectedSeq) return { ok: false, count, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing (next present is ${r.seq})` };
    if (r.prev_hash !== prevHash) return { ok: false, count, brokenAt: r.seq, reason: `entry ${r.seq} does not link to entry ${r.seq - 1} (moved or predecessor changed)` };
    const h = entryHash(prevHash, { seq: r.seq, ts: r.ts, kind: r.kind, actor: r.actor, subject: r.subject, data: r.data });
    if (h !== r.hash) return { ok: false, count, brokenAt: r.seq, reason: `entry ${r.seq} was modified (hash mismatch)` };
    if (anchor && r.seq === anchor.seq && r.hash !== anchor.hash) return { ok: false, count, brokenAt: r.seq, reason: `entry ${r.seq} differs from the recorded anchor` };
    prevHash = r.hash;
    expectedSeq += 1;
    count += 1;
  }
  if (anchor && count < anchor.seq) return { ok: false, count, brokenAt: count + 1, reason: `entries ${count + 1}..${anchor.seq} were removed from the end` };
  return { ok: true, count, head: { seq: count, hash: prevHash } };
}

/**
 * Verifies an NDJSON export (AuditLog.exportNdjson) away from the database. A partial export starting
 * after entry 1 is checked from its first entry's prevHash on.
 */
export function verifyExport(lines: Iterable<string>): VerifyResult {
  let prevHash: string | null = null;
  let expectedSeq = 0;
  let count = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { seq: number; ts: number; kind: string; actor: string; subject: string; data: string; prevHash: string; hash: string };
    if (prevHash === null) { prevHash = r.prevHash; expectedSeq = r.seq; }
    if (r.seq !== expectedSeq) return { ok: false, count, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing (next present is ${r.seq})` };
    if (r.prevHash !== prevHash) return { ok: false, count, brokenAt: r.seq, reason: `entry ${r.seq} does not link to entry ${r.seq - 1}` };
    if (entryHash(prevHash, r) !== r.hash) return { ok: false, count, brokenAt: r.seq, reason: `entry ${r.seq} was modified (hash mismatch)` };
    prevHash = r.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, count, head: { seq: expectedSeq - 1, hash: prevHash ?? GENESIS_HASH } };
}
