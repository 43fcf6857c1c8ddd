// Boot state in GRUB's environment-block format (what grub-editenv writes and `load_env` reads): exactly
// 1024 bytes, "# GRUB Environment Block\n", key=value lines, '#' padding. Stage 1 (init/stage1.sh) reads
// and writes the same file with the shell; an installed system's GRUB can load it as it is.
import { existsSync, readFileSync } from "node:fs";
import { writeAtomic } from "../durable.ts";
import { SystemError } from "../errors.ts";

export const BLOCK_SIZE = 1024;
const HEADER = "# GRUB Environment Block\n";

export type GrubEnv = Record<string, string>;

export function parseGrubEnv(text: string, file = "grubenv"): GrubEnv {
  if (!text.startsWith(HEADER)) throw new SystemError(`${file}: not a GRUB environment block (no "${HEADER.trim()}" header)`);
  const env: GrubEnv = {};
  for (const line of text.slice(HEADER.length).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue; // GRUB skips such lines too
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

export function formatGrubEnv(env: GrubEnv): string {
  let body = HEADER;
  for (const [k, v] of Object.entries(env)) {
    if (!/^[A-Za-z_][\w]*$/.test(k) || /[\n\\]/.test(v)) throw new SystemError(`grubenv: cannot store ${k}=${JSON.stringify(v)}`);
    body += `${k}=${v}\n`;
  }
  if (body.length > BLOCK_SIZE) throw new SystemError(`grubenv: ${body.length} bytes do not fit in ${BLOCK_SIZE}`);
  return body + "#".repeat(BLOCK_SIZE - body.length);
}

/** A missing file is an empty environment (no update was ever armed). */
export function readGrubEnv(path: string): GrubEnv {
  return existsSync(path) ? parseGrubEnv(readFileSync(path, "latin1"), path) : {};
}

export function writeGrubEnv(path: string, env: GrubEnv): void {
  writeAtomic(path, formatGrubEnv(env), 0o644);
}
