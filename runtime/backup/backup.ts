// `aiosctl backup`: the configuration, the secrets (sealed with a passphrase), the memory tables and the
// audit export, in one file with a manifest. The memory tables are read in one read transaction; the
// audit log, in its own file, is exported after them, so it holds at least what memory refers to.
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import type { Database } from "bun:sqlite";
import { openDatabase } from "../db/open.ts";
import { auditPathFor } from "../audit/paths.ts";
import { SystemError, UserError } from "../errors.ts";
import { writeDurable } from "../durable.ts";
import { seal } from "./crypt.ts";
import { pack, type Manifest } from "./format.ts";
import { collectConfig, exportAudit, exportMemory, schemaVersions } from "./parts.ts";

/** `audit`: the audit log's file (default: the one that goes with `db`). */
export interface BackupPaths { configDir: string; secrets: string; db: string; audit?: string }
export interface BackupOptions {
  /** Seals secrets.toml; without one, `noSecrets` must say to leave it out. */
  passphrase?: string;
  noSecrets?: boolean;
  now?: () => number;
}

export interface BackupResult { file: string; bytes: number; manifest: Manifest; auditHead: { seq: number; hash: string } | null }

export function createBackup(file: string, paths: BackupPaths, o: BackupOptions = {}): BackupResult {
  if (!file.trim()) throw new UserError("the backup file name is empty", "aiosctl backup /root/aios.backup");
  const hasSecrets = existsSync(paths.secrets);
  if (hasSecrets && !o.passphrase && !o.noSecrets) {
    throw new UserError(`${paths.secrets} holds secrets, and a backup keeps them only sealed with a passphrase`, "pass --passphrase-file FILE, or --no-secrets to leave them out");
  }
  const parts = [{ name: "config.json", data: collectConfig(paths.configDir, paths.secrets) }] as Parameters<typeof pack>[1];
  if (hasSecrets && o.passphrase && !o.noSecrets) parts.push({ name: "secrets.toml.sealed", ...seal(readFileSync(paths.secrets), o.passphrase) });
  let schemas: Record<string, number> = {};
  if (existsSync(paths.db)) {
    const db = openDatabase(paths.db, { readonly: true });
    try {
      readTogether(db, () => {
        schemas = schemaVersions(db);
        parts.push({ name: "memory.ndjson", data: exportMemory(db) });
      });
    } finally { db.close(); }
  }
  const auditFile = paths.audit ?? auditPathFor(paths.db);
  if (existsSync(auditFile)) {
    const db = openDatabase(auditFile, { readonly: true });
    try { parts.push({ name: "audit.ndjson", data: exportAudit(db) }); } finally { db.close(); }
  }
  const { bytes, manifest } = pack({ createdAt: (o.now ?? Date.now)(), host: hostname(), schemas }, parts);
  // Written beside and renamed: a backup interrupted half-way never looks like a whole one.
  const tmp = `${file}.part`;
  try {
    writeDurable(tmp, bytes, 0o600);
    renameSync(tmp, file);
  } catch (cause) {
    try { rmSync(tmp, { force: true }); } catch { /* the same bad name (too long, no such folder) fails here too */ }
    throw new SystemError(`cannot write the backup to ${file}: ${(cause as Error).message}`, "check that its folder exists, is writable and has room", { cause });
  }
  const audit = parts.find((p) => p.name === "audit.ndjson")?.data.toString().trimEnd().split("\n").at(-1);
  const last = audit ? JSON.parse(audit) as { seq: number; hash: string } : null;
  return { file, bytes: bytes.length, manifest, auditHead: last ? { seq: last.seq, hash: last.hash } : null };
}

/** One read transaction: what the two exports see is one moment of the database. */
function readTogether(db: Database, fn: () => void): void {
  db.exec("BEGIN");
  try { fn(); } finally { db.exec("COMMIT"); }
}
