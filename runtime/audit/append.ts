// One audit entry from a short-lived process (aiosctl, the console's setup): open the chain, append,
// close. Long-lived services keep their AuditLog open instead.
import { AuditLog, type AuditEntry, type AuditInput } from "./log.ts";
import { auditDbPath } from "./paths.ts";

export function auditOnce(input: AuditInput, path = auditDbPath()): AuditEntry {
  const log = AuditLog.open(path);
  try { return log.append(input); } finally { log.db.close(); }
}
