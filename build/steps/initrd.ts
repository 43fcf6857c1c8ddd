// Kernels and the initrd: the whole rootfs as one compressed newc cpio, plus each kernel's vmlinuz.
import { copyFileSync, statSync } from "node:fs";
import { die, type BuildContext } from "../context.ts";
import type { Kernel } from "./kernel.ts";

export async function copyKernels(ctx: BuildContext, kernels: Kernel[]): Promise<string> {
  for (const k of kernels) copyFileSync(`${k.dir}/boot/vmlinuz-${k.version}`, `${ctx.out}/vmlinuz-${k.flavor}`);
  return kernels.map((k) => `vmlinuz-${k.flavor}`).join(" ");
}

export async function makeInitrd(ctx: BuildContext): Promise<string> {
  const compress = { zstd: "zstd -3 -T0 -q", none: "cat", lz4: "lz4 -l -1 -q" }[ctx.settings.compression] ?? die(`unknown initrd compression "${ctx.settings.compression}"`, "use lz4, zstd or none");
  const out = `${ctx.out}/initrd.img`;
  // Sorted names make the archive reproducible; -R 0:0 because the tree is owned by root in the image.
  await ctx.run(["sh", "-c", `cd '${ctx.rootfs}' && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | ${compress} > '${out}'`]);
  return `${(statSync(out).size / 1e6).toFixed(0)} MB (${ctx.settings.compression})`;
}
