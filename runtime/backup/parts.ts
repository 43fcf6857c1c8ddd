// What goes into a backup and how each part comes back: the configuration tree (minus secrets and the
// image's compiled declarations), the memory tables as NDJSON rows, and the audit log's export.
import type { Database } from "bun:sqlite";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { writeDurable } from "../durable.ts";
import { AuditLog } from "../audit/log.ts";
import { BackupError } from "./format.ts";

/** Written by the image build, so they come from the image being restored onto, not the backup. */
const IMAGE_OWNED = new Set(["services.json", "agents.json"]);
/** The memory tables (runtime/memory/schema.ts); the FTS indexes follow them through triggers. */
export const MEMORY_TABLES = ["mem_work", "mem_events", "mem_metrics", "mem_facts"] as const;

interface ConfigFile { path: string; mode: number; data: string }

/** Regular files under `dir` (following the symlinked services/ and agents/ folders), relative paths. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    return !st ? [] : st.isDirectory() ? walk(p, base) : st.isFile() ? [relative(base, p)] : [];
  });
}

export function collectConfig(dir: string, secretsFile: string): Buffer {
  const skip = resolve(secretsFile);
  const files: ConfigFile[] = (existsSync(dir) ? walk(dir) : [])
    .filter((rel) => !IMAGE_OWNED.has(rel) && resolve(dir, rel) !== skip)
    .sort()
    .map((rel) => ({ path: rel, mode: statSync(join(dir, rel)).mode & 0o7777, data: readFileSync(join(dir, rel)).toString("base64") }));
  return Buffer.from(JSON.stringify({ files }));
}

export function configFiles(part: Buffer): ConfigFile[] {
  const { files } = JSON.parse(part.toString()) as { files: ConfigFile[] };
  for (const f of files) if (f.path.startsWith("/") || f.path.split("/").includes("..")) throw new BackupError(`the configuration part names a path outside the config folder: ${f.path}`);
  return files;
}

export function restoreConfig(files: ConfigFile[], dir: string): string[] {
  for (const f of files) {
    const to = join(dir, f.path);
    mkdirSync(dirname(to), { recursive: true });
    writeDurable(to, Buffer.from(f.data, "base64"), f.mode);
    chmodSync(to, f.mode); // the mode above applies only to a new file
  }
  return files.map((f) => f.path);
}

const hasTable = (db: Database, name: string) => !!db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);

/** Every memory row as {t, r}; BLOBs (embeddings) as {"$b64": …}. Call inside a read transaction. */
export function exportMemory(db: Database): Buffer {
  const lines: string[] = [];
  for (const t of MEMORY_TABLES) {
    if (!hasTable(db, t)) continue;
    for (const r of db.query<Record<string, unknown>, []>(`SELECT * FROM ${t} ORDER BY rowid`).iterate()) {
      for (const [k, v] of Object.entries(r)) if (v instanceof Uint8Array) r[k] = { $b64: Buffer.from(v).toString("base64") };
      lines.push(JSON.stringify({ t, r }));
    }
  }
  return Buffer.from(lines.length ? `${lines.join("\n")}\n` : "");
}

/** Replaces the memory tables' rows with the export's, in one transaction. The tables must exist. */
export function importMemory(db: Database, part: Buffer): number {
  const rows = part.toString().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { t: string; r: Record<string, unknown> });
  for (const { t } of rows) if (!(MEMORY_TABLES as readonly string[]).includes(t)) throw new BackupError(`the memory part holds rows of an unknown table ${t}`);
  const columns = new Map(MEMORY_TABLES.map((t) => [t, new Set(db.query<{ name: string }, []>(`PRAGMA table_info(${t})`).all().map((c) => c.name))]));
  for (const { t, r } of rows) {
    const bad = Object.keys(r).find((c) => !columns.get(t as never)!.has(c));
    if (bad) throw new BackupError(`the memory part has a column ${t}.${bad} this aios does not know`, "restore with the aios version that made the backup, or newer");
  }
  db.transaction(() => {
    db.exec("PRAGMA defer_foreign_keys = ON");
    for (const t of [...MEMORY_TABLES].reverse()) db.exec(`DELETE FROM ${t}`);
    for (const { t, r } of rows) {
      const cols = Object.keys(r);
      const vals = cols.map((c) => { const v = r[c] as { $b64?: string } | null; return v && typeof v === "object" && v.$b64 !== undefined ? Buffer.from(v.$b64, "base64") : v; });
      db.query(`INSERT INTO ${t} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`).run(...(vals as never[]));
    }
  })();
  return rows.length;
}

/** The audit log as NDJSON (AuditLog.exportNdjson), empty when there is none yet. */
export function exportAudit(db: Database): Buffer {
  if (!hasTable(db, "audit_log")) return Buffer.alloc(0);
  const lines = [...new AuditLog(db, { readonly: true }).exportNdjson(1)];
  return Buffer.from(lines.length ? `${lines.join("\n")}\n` : "");
}

/** Schema versions per scope (aios_migrations), so a restore can refuse a newer database's rows. */
export function schemaVersions(db: Database): Record<string, number> {
  if (!hasTable(db, "aios_migrations")) return {};
  return Object.fromEntries(db.query<{ scope: string; version: number }, []>("SELECT scope, version FROM aios_migrations").all().map((r) => [r.scope, r.version]));
}
