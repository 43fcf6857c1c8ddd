// The fence around file tools: a path must resolve (symlinks included) under one of the allowed roots,
// on top of the capability check, so a granted fs.write:/etc/aios cannot be walked out of with "..".
import { closeSync, existsSync, fsyncSync, openSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { UserError } from "../../runtime/errors.ts";

/** The real path `path` names (it need not exist yet), or a UserError when it is outside `roots`. */
export function fencedPath(path: string, roots: readonly string[]): string {
  if (!isAbsolute(path)) throw new UserError(`path ${path} must be absolute`);
  const real = realish(resolve(path));
  const ok = roots.some((r) => { const root = realish(resolve(r)); return real === root || real.startsWith(root === "/" ? "/" : `${root}/`); });
  if (!ok) throw new UserError(`path ${path} is outside the allowed paths (${roots.join(", ")})`, "ask for a path under an allowed root");
  return real;
}

/** realpath of the nearest existing ancestor, plus the part that does not exist yet. */
export function realish(abs: string): string {
  let dir = abs;
  while (!existsSync(dir)) dir = dirname(dir);
  const base = realpathSync(dir);
  return base + abs.slice(dir.length);
}

/** Write to a temp file, fsync, rename (and fsync the directory): readers see the old or the new file, never half of one. */
export { writeAtomic } from "../../runtime/durable.ts";

export const sha256 = (data: Uint8Array | string) => new Bun.CryptoHasher("sha256").update(data).digest("hex");
