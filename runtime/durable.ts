// Writes that reach the disk before we report success (a power cut after "done" must not lose them):
// fsync the file, and after a rename or a new name also the directory that holds the name.
import { chmodSync, closeSync, fsyncSync, lstatSync, openSync, readlinkSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

export function syncDir(path: string): void {
  const fd = openSync(path, "r");
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

export function writeDurable(path: string, data: string | Uint8Array, mode?: number): void {
  writeFileSync(path, data, mode === undefined ? undefined : { mode });
  syncDir(path); // fsync works on any fd opened for reading
  syncDir(dirname(path));
}

/** Temp file, fsync, rename, fsync the directory: readers (and a reboot) see the old or the new file, never half of one. */
export function writeAtomic(link: string, data: string | Uint8Array, mode = 0o644): void {
  const path = throughLink(link);
  const tmp = `${path}.aios-tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data, { mode });
    chmodSync(tmp, mode); // exactly: the umask narrows a new file's mode
    syncDir(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDir(dirname(path));
}

/** A symlink's target (stage 1 links /etc/aios/config.toml to the state disk): a rename must replace the file, not the link. */
function throughLink(path: string): string {
  try { return lstatSync(path).isSymbolicLink() ? resolve(dirname(path), readlinkSync(path)) : path; } catch { return path; }
}
