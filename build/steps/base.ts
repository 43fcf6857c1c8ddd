// The Debian base: debootstrap (minbase + the image's packages) into the cache, once per package set.
// A real debootstrap leaves a working dpkg database, so apt and dpkg work inside the appliance.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync, renameSync, writeFileSync } from "node:fs";
import { image } from "../../image/image.ts";
import type { BuildContext } from "../context.ts";

export function baseKey(mirror: string): string {
  return createHash("sha256").update(JSON.stringify([image.suite, image.arch, image.packages, mirror])).digest("hex").slice(0, 16);
}

export function baseDir(ctx: BuildContext): string {
  return `${ctx.cache}/base/${baseKey(ctx.settings.mirror)}`;
}

export async function debootstrapBase(ctx: BuildContext): Promise<string> {
  const dir = baseDir(ctx);
  if (existsSync(`${dir}/.complete`)) return "cached";
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(`${ctx.cache}/debs`, { recursive: true });
  const argv = ["debootstrap", "--variant=minbase", `--arch=${image.arch}`, `--cache-dir=${ctx.cache}/debs`,
    `--include=${image.packages.join(",")}`, image.suite, tmp];
  if (ctx.settings.mirror) argv.push(ctx.settings.mirror);
  await ctx.run(argv);
  // apt lists are needed to resolve the kernel packages below and are dropped from the image later.
  await ctx.run(["chroot", tmp, "apt-get", "update", "-qq"]);
  writeFileSync(`${tmp}/.complete`, new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return "debootstrapped";
}
