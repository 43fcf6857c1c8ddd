// The rootfs tree: a copy of the cached base, slimmed, with the literal rootfs/ overlay on top; the ssh
// keys npm start and the tests hand to QEMU (never to the image).
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { image } from "../../image/image.ts";
import { die, type BuildContext } from "../context.ts";
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

/** Where the keys QEMU hands the appliance through fw_cfg go (npm start, the tests): out/, never the image. */
export const seedKeysFile = (out: string) => `${out}/ssh/seed_keys`;

/**
 * The image carries no ssh keys (root's come from the first-boot setup or fw_cfg at boot). For npm start
 * and the tests this writes the project key (out/ssh/aios_ed25519, made once) and AIOS_AUTHORIZED_KEYS'
 * files into out/ssh/seed_keys, which QEMU passes as opt/aios/ssh_key.
 */
export async function seedKeys(ctx: BuildContext): Promise<string> {
  const projectKey = `${ctx.out}/ssh/aios_ed25519`;
  if (!existsSync(projectKey)) {
    mkdirSync(dirname(projectKey), { recursive: true, mode: 0o700 });
    await ctx.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "aios-project-key", "-f", projectKey]);
  }
  const files = [`${projectKey}.pub`, ...expandKeyFiles(ctx.settings.authorizedKeys)];
  const keys = [...new Set(files.flatMap((f) => readFileSync(f, "utf8").split("\n").map((l) => l.trim()).filter((l) => /^(ssh|ecdsa|sk-)/.test(l))))];
  writeFileSync(seedKeysFile(ctx.out), keys.join("\n") + "\n", { mode: 0o644 });
  rmSync(`${ctx.rootfs}/root/.ssh`, { recursive: true, force: true }); // stage 1 links it to the state disk
  return `${keys.length} key(s) from ${files.length} file(s) in ${seedKeysFile(ctx.out)} for QEMU's fw_cfg; none in the image`;
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
  // Groups the base system made (Debian's _chrony): our users join them as members.
  const ours = new Set<string>(image.groups.map((g) => g.name));
  for (const u of image.users) {
    for (const g of u.groups as readonly string[]) if (!ours.has(g)) joinGroup(etc, g, u.name);
  }
  return [...image.users.map((u) => u.name), ...image.groups.map((g) => g.name)].join(" ");
}

/** Adds `user` to an existing group's member list in group and gshadow; a missing group stops the build. */
function joinGroup(etc: string, group: string, user: string): void {
  for (const [file, memberField] of [["group", 3], ["gshadow", 3]] as const) {
    const path = `${etc}/${file}`;
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, "utf8").split("\n");
    const i = lines.findIndex((l) => l.startsWith(`${group}:`));
    if (i < 0) die(`group ${group} is not in the base system's /etc/${file}`, "image.users names a group neither image.groups nor a package makes");
    const f = lines[i]!.split(":");
    const members = f[memberField] ? f[memberField]!.split(",") : [];
    if (!members.includes(user)) f[memberField] = [...members, user].join(",");
    lines[i] = f.join(":");
    writeFileSync(path, lines.join("\n"));
  }
}
