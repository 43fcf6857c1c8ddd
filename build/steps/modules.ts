// Kernel modules: copy the image's module list, with dependencies, from each unpacked kernel into
// the rootfs and index them with depmod so modprobe (and kernel autoloading) work in the appliance.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { image } from "../../image/image.ts";
import type { BuildContext } from "../context.ts";
import type { Kernel } from "./kernel.ts";

/** Module files (relative to lib/modules/<ver>) named by modprobe's --show-depends output. */
export function parseShowDepends(output: string, version: string): string[] {
  const marker = `/lib/modules/${version}/`;
  return output.split("\n")
    .filter((l) => l.startsWith("insmod "))
    .map((l) => l.slice(7).trim().split(/\s+/)[0]!)
    .map((p) => p.slice(p.indexOf(marker) + marker.length));
}

export async function installModules(ctx: BuildContext, kernels: Kernel[]): Promise<string> {
  const counts: string[] = [];
  for (const k of kernels) {
    const files = new Set<string>();
    for (const name of image.modules) {
      const out = await ctx.run(["modprobe", "-d", k.dir, "-S", k.version, "--show-depends", name], { check: false });
      for (const f of parseShowDepends(out, k.version)) files.add(f);
    }
    const dest = `${ctx.rootfs}/usr/lib/modules/${k.version}`;
    for (const f of files) {
      mkdirSync(dirname(`${dest}/${f}`), { recursive: true });
      copyFileSync(`${k.dir}/lib/modules/${k.version}/${f}`, `${dest}/${f}`);
    }
    for (const meta of ["modules.order", "modules.builtin", "modules.builtin.modinfo"]) {
      const src = `${k.dir}/lib/modules/${k.version}/${meta}`;
      if (existsSync(src)) copyFileSync(src, `${dest}/${meta}`);
    }
    await ctx.run(["depmod", "-b", ctx.rootfs, k.version]);
    counts.push(`${k.flavor} ${files.size}`);
  }
  return `modules: ${counts.join(", ")}`;
}
