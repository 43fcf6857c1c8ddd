// The one rule for files that hold secrets (provider keys, the web console's token, users and TLS key):
// only their owner may read or write them (0600 or narrower). A wider file is refused, naming the file
// and how to fix it: a leaked secret is worse than a feature that is off until the mode is fixed.
import { statSync } from "node:fs";
import { ConfigError } from "../errors.ts";

/** Throws a ConfigError naming `path` when group or others may read or write it; a missing file passes. */
export function assertSecretMode(path: string, mode = fileMode(path)): void {
  if (mode === undefined || (mode & 0o077) === 0) return;
  throw new ConfigError(path, "(permissions)", `mode is ${mode.toString(8).padStart(4, "0")}; secrets must not be readable or writable by group or others`, undefined, `run: chmod 600 ${path}`);
}

function fileMode(path: string): number | undefined {
  try { return statSync(path).mode & 0o777; } catch { return undefined; }
}
