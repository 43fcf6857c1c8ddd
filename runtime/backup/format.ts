// The backup file: a magic line, then gzip of one manifest line and the parts, back to back. The
// manifest names each part with its size and sha256, so a damaged file names the part that is wrong.
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { AiosError } from "../errors.ts";

export const MAGIC = "AIOSBAK1\n";
export const FORMAT_VERSION = 1;

export interface PartEntry {
  name: string;
  size: number;
  sha256: string;
  /** How an encrypted part was sealed (crypt.ts); absent for plain parts. */
  sealed?: Record<string, string | number>;
}

export interface Manifest {
  format: "aios-backup";
  version: number;
  createdAt: number;
  host: string;
  /** The state database's schema version of each scope (memory, audit, ...): a restore refuses newer rows. */
  schemas: Record<string, number>;
  parts: PartEntry[];
}

/** A backup that cannot be used: not one, damaged, or unreadable with what was given. */
export class BackupError extends AiosError {}

export const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

export function pack(meta: Omit<Manifest, "format" | "version" | "parts">, parts: { name: string; data: Buffer; sealed?: PartEntry["sealed"] }[]): { bytes: Buffer; manifest: Manifest } {
  const manifest: Manifest = {
    format: "aios-backup", version: FORMAT_VERSION, ...meta,
    parts: parts.map((p) => ({ name: p.name, size: p.data.length, sha256: sha256(p.data), ...(p.sealed ? { sealed: p.sealed } : {}) })),
  };
  const body = Buffer.concat([Buffer.from(`${JSON.stringify(manifest)}\n`), ...parts.map((p) => p.data)]);
  return { bytes: Buffer.concat([Buffer.from(MAGIC), gzipSync(body, { level: 6 })]), manifest };
}

/** Reads a backup and checks every part against the manifest; throws naming what is wrong. */
export function unpack(bytes: Buffer, file: string): { manifest: Manifest; parts: Map<string, Buffer> } {
  if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC) throw new BackupError(`${file} is not an aios backup (no AIOSBAK1 header)`, "give the file `aiosctl backup` wrote");
  let body: Buffer;
  try { body = gunzipSync(bytes.subarray(MAGIC.length)); } catch (e) {
    throw new BackupError(`${file} is damaged: its compressed body does not read back (${(e as Error).message})`, "the file was cut short or altered; use another copy");
  }
  const nl = body.indexOf(10);
  let manifest: Manifest;
  try { manifest = JSON.parse(body.subarray(0, nl).toString()) as Manifest; } catch {
    throw new BackupError(`${file} is damaged: its manifest is not JSON`);
  }
  if (manifest.format !== "aios-backup" || !Array.isArray(manifest.parts)) throw new BackupError(`${file} has no aios backup manifest`);
  if (manifest.version > FORMAT_VERSION) throw new BackupError(`${file} is backup format ${manifest.version}; this aios reads up to ${FORMAT_VERSION}`, "restore with a newer aios");
  const parts = new Map<string, Buffer>();
  let at = nl + 1;
  for (const p of manifest.parts) {
    const data = body.subarray(at, at + p.size);
    at += p.size;
    if (data.length !== p.size) throw new BackupError(`${file}: part ${p.name} is cut short (${data.length} of ${p.size} bytes)`);
    if (sha256(data) !== p.sha256) throw new BackupError(`${file}: part ${p.name} failed its sha256 check (damaged or altered)`, "use another copy of the backup");
    parts.set(p.name, data);
  }
  if (at !== body.length) throw new BackupError(`${file} is damaged: ${body.length - at} bytes after the last part`);
  return { manifest, parts };
}
