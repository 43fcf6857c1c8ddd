// aios_audit_*: how many entries the hash-chained log holds (its head, one indexed row), and the last
// chain verification. Verifying re-hashes every entry, so it runs at most every `everyMs`, off the
// scrape's path (the first scrape waits for the first one); scrapes report the newest result.
import { EMPTY_VERIFY, withAuditReadonly } from "../../../runtime/audit/read.ts";
import type { VerifyResult } from "../../../runtime/audit/verify.ts";
import { auditDbPath } from "../../../runtime/audit/paths.ts";
import type { Source } from "./scrape.ts";

export function auditSource(dbPath = auditDbPath, everyMs = 600_000): Source {
  let last: { at: number; result: VerifyResult; seconds: number } | undefined;
  let running: Promise<void> | undefined;
  const verify = () => running ??= new Promise<void>((resolve) => setTimeout(() => {
    const t0 = performance.now();
    try {
      const result = withAuditReadonly((log) => log.verify(), EMPTY_VERIFY, dbPath());
      last = { at: Date.now(), result, seconds: (performance.now() - t0) / 1000 };
    } finally { running = undefined; resolve(); }
  }, 0));
  return {
    name: "audit",
    async collect(f) {
      const head = withAuditReadonly((log) => log.head(), { seq: 0, hash: "" }, dbPath());
      f.counter("aios_audit_entries_total", "Entries in the hash-chained audit log (its head's sequence number)").set({}, head.seq);
      if (!last) await verify();
      else if (Date.now() - last.at >= everyMs) void verify();
      if (!last) return;
      f.gauge("aios_audit_verify_ok", "1 when the last verification found the chain intact, 0 when it found a break").set(last.result.ok ? 1 : 0);
      f.gauge("aios_audit_verify_timestamp_seconds", "When the chain was last verified").set(last.at / 1000);
      f.gauge("aios_audit_verify_duration_seconds", "How long the last verification took").set(last.seconds);
      f.gauge("aios_audit_verified_entries", "Entries the last verification walked").set(last.result.count);
    },
  };
}
