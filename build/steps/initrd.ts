// Kernels and the small initrd: busybox, blkid and mke2fs with their libraries, the drivers stage 1
// needs to reach the boot medium and the state disk, the system image's digests, and init/stage1.sh.
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { image } from "../../image/image.ts";
import { die, type BuildContext } from "../context.ts";
import type { Kernel } from "./kernel.ts";
import { parseShowDepends } from "./modules.ts";
import { squashfsPath } from "./squashfs.ts";

export async function copyKernels(ctx: BuildContext, kernels: Kernel[]): Promise<string> {
  for (const k of kernels) copyFileSync(`${k.dir}/boot/vmlinuz-${k.version}`, `${ctx.out}/vmlinuz-${k.flavor}`);
  return kernels.map((k) => `vmlinuz-${k.flavor}`).join(" ");
}

/** The programs stage 1 runs besides busybox (util-linux's blkid probes labels; mke2fs makes ext4; kexec boots an update slot's kernel). */
const TOOLS = ["/usr/sbin/blkid", "/usr/sbin/mke2fs", "/usr/sbin/kexec"];

/** Library paths named by ldd's output ("libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)", the loader bare). */
export function parseLdd(output: string): string[] {
  return [...new Set(output.split("\n").map((l) => l.match(/(?:=>\s*)?(\/\S+)\s+\(0x/)?.[1]).filter((p): p is string => !!p))];
}

function copyInto(root: string, from: string, path: string): void {
  mkdirSync(dirname(`${root}${path}`), { recursive: true });
  copyFileSync(from, `${root}${path}`); // copyFileSync follows links: the initrd holds real files
}

async function addPrograms(ctx: BuildContext, root: string): Promise<void> {
  // usr-merged like the system: /bin/sh and the loader's /lib64 path resolve the same way.
  for (const d of ["bin", "sbin", "lib", "lib64"]) symlinkSync(`usr/${d}`, `${root}/${d}`);
  const progs = ["/usr/bin/busybox", ...TOOLS];
  for (const p of progs) copyInto(root, `${ctx.rootfs}${p}`, p);
  for (const lib of parseLdd(await ctx.run(["chroot", ctx.rootfs, "ldd", ...progs]))) copyInto(root, `${ctx.rootfs}${lib}`, lib);
  symlinkSync("mke2fs", `${root}/usr/sbin/mkfs.ext4`);
  copyInto(root, `${ctx.rootfs}/etc/mke2fs.conf`, "/etc/mke2fs.conf");
  const applets = (await ctx.run(["chroot", ctx.rootfs, "/usr/bin/busybox", "--list"])).split("\n").filter(Boolean);
  for (const a of applets) if (!TOOLS.some((t) => t.endsWith(`/${a}`)) && a !== "busybox") symlinkSync("busybox", `${root}/usr/bin/${a}`);
}

async function addModules(ctx: BuildContext, root: string, kernels: Kernel[]): Promise<number> {
  let count = 0;
  for (const k of kernels) {
    const files = new Set<string>();
    for (const name of image.initrdModules) {
      const out = await ctx.run(["modprobe", "-d", k.dir, "-S", k.version, "--show-depends", name], { check: false });
      for (const f of parseShowDepends(out, k.version)) files.add(f);
    }
    const src = `${k.dir}/lib/modules/${k.version}`;
    for (const f of files) copyInto(root, `${src}/${f}`, `/usr/lib/modules/${k.version}/${f}`);
    for (const meta of ["modules.order", "modules.builtin", "modules.builtin.modinfo"]) copyInto(root, `${src}/${meta}`, `/usr/lib/modules/${k.version}/${meta}`);
    await ctx.run(["depmod", "-b", `${root}/usr`, k.version]);
    count += files.size;
  }
  return count;
}

export async function makeInitrd(ctx: BuildContext, kernels: Kernel[]): Promise<string> {
  const compress = { zstd: "zstd -19 -T0 -q", none: "cat", lz4: "lz4 -l -9 -q" }[ctx.settings.compression] ?? die(`unknown initrd compression "${ctx.settings.compression}"`, "use lz4, zstd or none");
  const root = `${ctx.out}/initrd-root`;
  rmSync(root, { recursive: true, force: true });
  for (const d of ["dev", "proc", "sys", "run", "etc", "usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "newroot", "state", "medium", "lower", "slot"]) mkdirSync(`${root}/${d}`, { recursive: true });
  await addPrograms(ctx, root);
  const modules = await addModules(ctx, root, kernels);
  writeFileSync(`${root}/etc/aios-image`, readFileSync(`${squashfsPath(ctx)}.record`));
  writeFileSync(`${root}/init`, readFileSync(`${ctx.repo}/init/stage1.sh`), { mode: 0o755 });
  const out = `${ctx.out}/initrd.img`;
  // Sorted names make the archive reproducible.
  await ctx.run(["sh", "-c", `cd '${root}' && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | ${compress} > '${out}'`]);
  rmSync(root, { recursive: true, force: true });
  return `${(statSync(out).size / 1e6).toFixed(1)} MB (${ctx.settings.compression}, ${modules} modules)`;
}
