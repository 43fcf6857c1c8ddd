// A/B update pieces of the build: kexec (stage 1 boots an update slot's kernel with it), the image's
// version and update key, and out/aios.update, the signed bundle of kernel, initrd and system image.
// The ed25519 key pair is made once in the build cache (never in the repo), so every build on this
// host signs with the same key and can update the images built before it.
import { generateKeyPairSync } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { image } from "../../image/image.ts";
import { writeBundle } from "../../runtime/update/write.ts";
import type { Manifest } from "../../runtime/update/bundle.ts";
import { die, type BuildContext } from "../context.ts";
import { baseDir } from "./base.ts";
import { parseLdd } from "./initrd.ts";
import { squashfsPath } from "./squashfs.ts";

/** The issue's budget for a bundle; the build says when it is over. */
export const BUNDLE_MAX_BYTES = 100 * 1000 * 1000;

/**
 * Debian's kexec links libxenctrl (it can load Xen), which pulls a handful of small Xen libraries:
 * these packages are unpacked beside it, and the libraries kexec really loads go into the image, so
 * the initrd's library copy (initrd.ts, ldd in the rootfs) finds them.
 */
const KEXEC_DEBS = ["kexec-tools", "libxenmisc4.17", "libxentoollog1", "libxencall1", "libxenevtchn1", "libxengnttab1",
  "libxenforeignmemory1", "libxendevicemodel1", "libxentoolcore1"];

export async function installKexec(ctx: BuildContext): Promise<string> {
  const dir = `${ctx.cache}/kexec`;
  if (!existsSync(`${dir}/.complete`)) {
    const base = baseDir(ctx);
    const dl = `${base}/tmp/kexec-dl`;
    rmSync(dl, { recursive: true, force: true });
    mkdirSync(dl, { recursive: true });
    await ctx.run(["chroot", base, "sh", "-c", `cd /tmp/kexec-dl && apt-get download -qq ${KEXEC_DEBS.join(" ")}`]);
    const debs = readdirSync(dl).filter((f) => f.endsWith(".deb"));
    if (debs.length !== KEXEC_DEBS.length) die(`apt-get download gave ${debs.length} of ${KEXEC_DEBS.length} packages for kexec`, KEXEC_DEBS.join(" "));
    rmSync(`${dir}.tmp`, { recursive: true, force: true });
    for (const deb of debs) await ctx.run(["dpkg-deb", "-x", `${dl}/${deb}`, `${dir}.tmp`]);
    rmSync(dl, { recursive: true, force: true });
    writeFileSync(`${dir}.tmp/.complete`, debs.find((d) => d.startsWith("kexec-tools")) ?? "kexec-tools");
    rmSync(dir, { recursive: true, force: true });
    renameSync(`${dir}.tmp`, dir);
  }
  const bin = ["sbin/kexec", "usr/sbin/kexec"].map((p) => `${dir}/${p}`).find(existsSync) ?? die("kexec-tools has no sbin/kexec");
  copyFileSync(bin, `${ctx.rootfs}/usr/sbin/kexec`);
  chmodSync(`${ctx.rootfs}/usr/sbin/kexec`, 0o755);
  const libdir = `${dir}/usr/lib/x86_64-linux-gnu`;
  const ldd = await ctx.run(["ldd", bin], { env: { LD_LIBRARY_PATH: libdir } });
  const libs = parseLdd(ldd).filter((l) => l.startsWith(libdir));
  for (const lib of libs) copyFileSync(lib, `${ctx.rootfs}/usr/lib/x86_64-linux-gnu/${basename(lib)}`);
  if (/not found/.test(ldd)) die(`kexec needs a library none of ${KEXEC_DEBS.join(", ")} has: ${ldd.split("\n").filter((l) => /not found/.test(l)).join("; ")}`);
  return `${readFileSync(`${dir}/.complete`, "utf8")} + ${libs.length} libraries`;
}

export const keyDir = (ctx: BuildContext) => `${ctx.cache}/update-key`;

/** The build's signing key pair, made on first use (private key 0600, outside the repo). */
export function updateKeys(ctx: BuildContext): { privatePem: string; publicPem: string } {
  const dir = keyDir(ctx);
  if (!existsSync(`${dir}/update.key`)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    writeFileSync(`${dir}/update.pub.tmp`, publicKey.export({ type: "spki", format: "pem" }));
    writeFileSync(`${dir}/update.key.tmp`, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    renameSync(`${dir}/update.pub.tmp`, `${dir}/update.pub`);
    renameSync(`${dir}/update.key.tmp`, `${dir}/update.key`); // last: its presence means the pair is whole
  }
  return { privatePem: readFileSync(`${dir}/update.key`, "utf8"), publicPem: readFileSync(`${dir}/update.pub`, "utf8") };
}

/** AIOS_VERSION, else `git describe` and the build time (so two builds of one commit differ). */
export async function buildVersion(ctx: BuildContext): Promise<string> {
  if (ctx.settings.version) return ctx.settings.version;
  const described = (await ctx.run(["git", "-C", ctx.repo, "describe", "--always", "--dirty"], { check: false }).catch(() => "")).trim() || "dev";
  return `${described}+${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}`;
}

export async function writeVersionAndKey(ctx: BuildContext): Promise<string> {
  const version = await buildVersion(ctx);
  if (!/^[\w.+~:-]{1,64}$/.test(version)) die(`AIOS_VERSION "${version}" is not a version`, "1-64 letters, digits and . + ~ : - _");
  mkdirSync(`${ctx.rootfs}/usr/share/aios`, { recursive: true });
  writeFileSync(`${ctx.rootfs}/usr/share/aios/version`, `${version}\n`);
  writeFileSync(`${ctx.rootfs}/usr/share/aios/update.pub`, updateKeys(ctx).publicPem);
  writeFileSync(`${ctx.out}/version`, `${version}\n`);
  return version;
}

/** The kernel a slot boots: the ISO's (generic, real hardware); the initrd carries modules for both. */
export const bundleKernel = (ctx: BuildContext) => `${ctx.out}/vmlinuz-${Object.entries(image.kernels).find(([, k]) => k.iso)![0]}`;

export function makeBundle(ctx: BuildContext, o: { version: string; initrd?: string; out?: string }): Manifest {
  return writeBundle(o.out ?? `${ctx.out}/aios.update`, {
    version: o.version,
    parts: { "vmlinuz": bundleKernel(ctx), "initrd.img": o.initrd ?? `${ctx.out}/initrd.img`, "aios.sqfs": squashfsPath(ctx) },
    privateKeyPem: updateKeys(ctx).privatePem,
  });
}

export async function makeUpdateBundle(ctx: BuildContext): Promise<string> {
  const version = readFileSync(`${ctx.out}/version`, "utf8").trim();
  makeBundle(ctx, { version });
  const size = statSync(`${ctx.out}/aios.update`).size;
  // Over budget is reported, not fatal: the bundle still works, and the number is the issue's to chase.
  const over = size > BUNDLE_MAX_BYTES ? ` (OVER the ${BUNDLE_MAX_BYTES / 1e6} MB budget)` : "";
  return `${(size / 1e6).toFixed(0)} MB${over}, version ${version}`;
}
