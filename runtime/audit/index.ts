// Entry points for the audit log: open it, append, verify, tail and export (aiosctl audit …).
export { AuditLog, type AuditEntry, type AuditInput, type AuditKind } from "./log.ts";
export { verifyAudit, verifyExport, type VerifyResult } from "./verify.ts";
export { canonicalJson } from "./canonical.ts";
export { GENESIS_HASH } from "./hash.ts";
export { auditDbPath, auditPathFor } from "./paths.ts";
