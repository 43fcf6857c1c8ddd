// `aiosctl restore <backup>`: check everything first (manifest, each part's sha256, the passphrase,
// the audit export's chain, schema versions), then, after a snapshot, put back configuration, secrets
// (0600) and memory. The backup's audit log is kept beside as a verified archive; the live chain is
// never rewritten, only told: "restored from backup X, whose chain head is H".
import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { openDatabase } from "../db/open.ts";
import type { AuditLog } from "../audit/log.ts";
import { verifyExport } from "../audit/verify.ts";
import { Memory } from "../memory/index.ts";
import { MEMORY_SCOPE, memoryMigrations } from "../memory/schema.ts";
import { writeDurable } from "../durable.ts";
import { UserError } from "../errors.ts";
import { open } from "./crypt.ts";
import { BackupError, type Manifest, unpack } from "./format.ts";
import { configFiles, importMemory, restoreConfig } from "./parts.ts";
import type { BackupPaths } from "./backup.ts";

export interface RestorePlan {
  file: string;
  manifest: Manifest;
  config: ReturnType<typeof configFiles>;
  secrets: Buffer | null;
  /** Why the secrets stay as they are, when they do. */
  secretsSkipped?: string;
  memory: Buffer | null;
  memoryRows: number;
  audit: { data: Buffer; count: number; head: { seq: number; hash: string } } | null;
}

/** Reads and checks a backup without changing anything; every problem is thrown before a restore starts. */
export function planRestore(file: string, o: { passphrase?: string; noSecrets?: boolean } = {}): RestorePlan {
  let bytes: Buffer;
  try { bytes = readFileSync(file); } catch (e) { throw new UserError(`cannot read ${file}: ${(e as Error).message}`); }
  const { manifest, parts } = unpack(bytes, file);
  const config = configFiles(parts.get("config.json") ?? Buffer.from('{"files":[]}'));
  const sealedEntry = manifest.parts.find((p) => p.name === "secrets.toml.sealed");
  let secrets: Buffer | null = null;
  let secretsSkipped: string | undefined = sealedEntry ? undefined : "the backup holds no secrets";
  if (sealedEntry && o.noSecrets) secretsSkipped = "--no-secrets";
  else if (sealedEntry && !o.passphrase) throw new UserError(`${file} holds sealed secrets`, "pass --passphrase-file FILE with the backup's passphrase, or --no-secrets to restore without them");
  else if (sealedEntry) secrets = open(parts.get(sealedEntry.name)!, sealedEntry.sealed ?? {}, o.passphrase!, `the secrets in ${file}`);
  const memory = parts.get("memory.ndjson") ?? null;
  if (memory) {
    const live = Math.max(...memoryMigrations.map((m) => m.version));
    const theirs = manifest.schemas[MEMORY_SCOPE] ?? 0;
    if (theirs > live) throw new BackupError(`${file} holds memory schema ${theirs}; this aios knows up to ${live}`, "restore with the aios version that made the backup, or newer");
  }
  let audit: RestorePlan["audit"] = null;
  const auditData = parts.get("audit.ndjson");
  if (auditData && auditData.length) {
    const v = verifyExport(auditData.toString().split("\n"));
    if (!v.ok) throw new BackupError(`${file}: the audit export does not verify: ${v.reason}`, "the backup's audit log was altered before it was written; keep the file as evidence");
    audit = { data: auditData, count: v.count, head: v.head };
  }
  const memoryRows = memory ? memory.toString().split("\n").filter(Boolean).length : 0;
  return { file, manifest, config, secrets, secretsSkipped, memory, memoryRows, audit };
}

export interface RestoreDeps {
  paths: BackupPaths;
  /** Where the backup's audit log is kept (state_dir/audit-archive). */
  archiveDir: string;
  audit: AuditLog;
  who: string;
  /** Takes the snapshot that makes the restore undoable; returns its id. */
  snapshot: () => Promise<string>;
  now?: () => number;
}

export interface RestoreResult { snapshot: string; config: string[]; secrets: boolean; memoryRows: number; archive: string | null; archiveHead: { seq: number; hash: string } | null }

export async function applyRestore(plan: RestorePlan, d: RestoreDeps): Promise<RestoreResult> {
  const snapshot = await d.snapshot();
  const config = restoreConfig(plan.config, d.paths.configDir);
  if (plan.secrets) { writeDurable(d.paths.secrets, plan.secrets, 0o600); chmodSync(d.paths.secrets, 0o600); }
  if (plan.memory) {
    const db = openDatabase(d.paths.db);
    try { importMemory(new Memory(db).db, plan.memory); } finally { db.close(); }
  }
  let archive: string | null = null;
  if (plan.audit) {
    mkdirSync(d.archiveDir, { recursive: true, mode: 0o700 });
    const stamp = new Date(plan.manifest.createdAt).toISOString().replace(/[-:]/g, "").slice(0, 15);
    archive = join(d.archiveDir, `${plan.manifest.host}-${stamp}.ndjson`);
    writeDurable(archive, plan.audit.data, 0o600);
  }
  const result: RestoreResult = { snapshot, config, secrets: !!plan.secrets, memoryRows: plan.memoryRows, archive, archiveHead: plan.audit?.head ?? null };
  d.audit.append({
    kind: "backup.restore", actor: d.who, subject: basename(plan.file),
    data: { ...result, file: plan.file, host: plan.manifest.host, createdAt: plan.manifest.createdAt, secretsSkipped: plan.secretsSkipped ?? null },
  });
  return result;
}
