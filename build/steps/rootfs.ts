// The rootfs tree: a copy of the cached base, slimmed, with the literal rootfs/ overlay on top and the
// ssh keys that may log in.
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { image } from "../../image/image.ts";
import type { BuildContext } from "../context.ts";
import { baseDir } from "./base.ts";

export async function copyBase(ctx: BuildContext): Promise<string> {
  await ctx.run(["rm", "-rf", ctx.rootfs]);
  mkdirSync(ctx.out, { recursive: true });
  await ctx.run(["cp", "-a", baseDir(ctx), ctx.rootfs]);
  await ctx.run(["rm", "-f", `${ctx.rootfs}/.complete`]);
  return "copied";
}

export async function slimRootfs(ctx: BuildContext): Promise<string> {
  const globs = image.slimPaths.map((p) => `${ctx.rootfs}/${p}`);
  await ctx.run(["sh", "-c", `rm -rf ${globs.join(" ")}`]);
  mkdirSync(`${ctx.rootfs}/var/lib/apt/lists/partial`, { recursive: true });
  mkdirSync(`${ctx.rootfs}/var/cache/apt/archives/partial`, { recursive: true });
  return "slimmed";
}

export async function overlayRootfs(ctx: BuildContext): Promise<string> {
  await ctx.run(["cp", "-a", "--no-preserve=ownership", `${ctx.repo}/rootfs/.`, `${ctx.rootfs}/`]);
  // The stage-1 shell is the kernel's rdinit; it lives with the rest of init/ in the repo.
  await ctx.run(["install", "-m", "0755", `${ctx.repo}/init/stage1.sh`, `${ctx.rootfs}/init`]);
  writeFileSync(`${ctx.rootfs}/etc/hostname`, `${image.hostname}\n`);
  for (const d of ["var/lib/aios", "run", "proc", "sys", "dev", "tmp"]) mkdirSync(`${ctx.rootfs}/${d}`, { recursive: true });
  chmodSync(`${ctx.rootfs}/tmp`, 0o1777);
  return "overlaid";
}

/** Expands "a.pub ~/.ssh/*.pub" (globs in the last path segment only) to the files that exist. */
export function expandKeyFiles(spec: string): string[] {
  return spec.split(/\s+/).filter(Boolean).flatMap((p) => {
    if (!p.includes("*")) return existsSync(p) ? [p] : [];
    const dir = dirname(p);
    const re = new RegExp(`^${basename(p).replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    return existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).map((f) => join(dir, f)) : [];
  });
}

export async function installKeys(ctx: BuildContext): Promise<string> {
  const projectKey = `${ctx.out}/ssh/aios_ed25519`;
  if (!existsSync(projectKey)) {
    mkdirSync(dirname(projectKey), { recursive: true, mode: 0o700 });
    await ctx.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "aios-project-key", "-f", projectKey]);
  }
  const files = [`${projectKey}.pub`, ...expandKeyFiles(ctx.settings.authorizedKeys)];
  const keys = [...new Set(files.flatMap((f) => readFileSync(f, "utf8").split("\n").map((l) => l.trim()).filter((l) => /^(ssh|ecdsa|sk-)/.test(l))))];
  const dir = `${ctx.rootfs}/root/.ssh`;
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700);
  writeFileSync(`${dir}/authorized_keys`, keys.join("\n") + "\n", { mode: 0o600 });
  chmodSync(`${dir}/authorized_keys`, 0o600);
  return `${keys.length} authorized key(s) from ${files.length} file(s)`;
}

/** Adds image.users and image.groups to passwd, group, gshadow and shadow (locked: no password, no login shell). */
export async function addUsers(ctx: BuildContext): Promise<string> {
  const etc = `${ctx.rootfs}/etc`;
  const has = (file: string, name: string) => existsSync(`${etc}/${file}`) && readFileSync(`${etc}/${file}`, "utf8").split("\n").some((l) => l.startsWith(`${name}:`));
  const add = (file: string, name: string, line: string) => { if (existsSync(`${etc}/${file}`) && !has(file, name)) appendFileSync(`${etc}/${file}`, `${line}\n`); };
  const members = (group: string) => image.users.filter((u) => (u.groups as readonly string[]).includes(group)).map((u) => u.name).join(",");
  for (const u of image.users) {
    add("passwd", u.name, `${u.name}:x:${u.uid}:${u.uid}:${u.gecos}:${u.home}:/usr/sbin/nologin`);
    add("group", u.name, `${u.name}:x:${u.uid}:`);
    add("gshadow", u.name, `${u.name}:!::`);
    add("shadow", u.name, `${u.name}:!:19000::::::`);
  }
  for (const g of image.groups) {
    add("group", g.name, `${g.name}:x:${g.gid}:${members(g.name)}`);
    add("gshadow", g.name, `${g.name}:!::${members(g.name)}`);
  }
  return [...image.users.map((u) => u.name), ...image.groups.map((g) => g.name)].join(" ");
}
