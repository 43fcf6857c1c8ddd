// Writes a bundle (the build's out/aios.update, and tests' variants): hashes each part, signs the
// header, then copies the parts after it. Used at build time and by tests, never on the appliance.
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, renameSync, statSync, writeSync } from "node:fs";
import { headerBytes, PARTS, signHeader, type Manifest, type Part, type PartName } from "./bundle.ts";

const CHUNK = 1 << 20;

function eachChunk(path: string, fn: (b: Buffer) => void): void {
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(CHUNK);
  try { for (let n; (n = readSync(fd, buf, 0, CHUNK, null)) > 0;) fn(buf.subarray(0, n)); } finally { closeSync(fd); }
}

export function sha256File(path: string): string {
  const h = createHash("sha256");
  eachChunk(path, (b) => h.update(b));
  return h.digest("hex");
}

export interface BundleInput { version: string; built?: string; parts: Record<PartName, string>; privateKeyPem: string }

export function writeBundle(out: string, input: BundleInput): Manifest {
  const parts: Part[] = PARTS.map((name) => ({ name, size: statSync(input.parts[name]).size, sha256: sha256File(input.parts[name]) }));
  const manifest: Manifest = { format: 1, version: input.version, built: input.built ?? new Date().toISOString(), parts };
  const header = headerBytes(manifest);
  const tmp = `${out}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, header);
    writeSync(fd, signHeader(header, input.privateKeyPem));
    for (const name of PARTS) eachChunk(input.parts[name], (b) => { writeSync(fd, b); });
  } finally { closeSync(fd); }
  renameSync(tmp, out);
  return manifest;
}
