// Writes that reach the disk before we report success: a snapshot that vanished in a power cut would
// make the rollback it exists for impossible.
import { closeSync, fsyncSync, openSync, writeFileSync } from "node:fs";

export function writeDurable(path: string, data: string | Uint8Array, mode?: number): void {
  writeFileSync(path, data, mode === undefined ? undefined : { mode });
  const fd = openSync(path, "r");
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

export function syncDir(path: string): void {
  const fd = openSync(path, "r");
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
