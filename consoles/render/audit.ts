// Audit results as text for aiosctl and the serial console.
import type { VerifyResult } from "../../runtime/audit/verify.ts";

/** One line for aiosctl: "OK (N entries)" or "BROKEN at entry N: reason". */
export function formatVerify(r: VerifyResult): string {
  return r.ok ? `OK (${r.count} entries, head ${r.head.hash.slice(0, 16)})` : `BROKEN at entry ${r.brokenAt}: ${r.reason}`;
}

/** When a chain starts where a damaged audit file was moved aside (state-check's first entry), where that one broke. */
export function formatPredecessor(first: { kind: string; data: unknown } | undefined): string | undefined {
  if (first?.kind !== "audit.damaged") return undefined;
  const d = first.data as { movedTo?: string; chain?: { count: number; brokenAt: number; reason: string } };
  return `continues from a damaged audit file, kept as ${d.movedTo}: its chain verified ${d.chain?.count ?? 0} entries and breaks at entry ${d.chain?.brokenAt ?? "?"} (${d.chain?.reason ?? "unreadable"})`;
}

/** One line per entry for `aiosctl audit tail`. */
export function formatEntry(e: { seq: number; ts: number; kind: string; actor: string; subject: string; data: unknown }): string {
  const data = JSON.stringify(e.data);
  return `${String(e.seq).padStart(7)} ${new Date(e.ts).toISOString()} ${e.kind.padEnd(18)} ${e.actor} ${e.subject}${data === "null" ? "" : ` ${data.length > 160 ? `${data.slice(0, 157)}...` : data}`}`;
}
