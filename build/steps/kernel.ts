// Kernels: resolve each flavour's metapackage to its versioned image package inside the base's apt,
// download it once into the cache, and unpack it there (dpkg -x, never installed on the host).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { image, type KernelFlavor } from "../../image/image.ts";
import type { BuildContext } from "../context.ts";
import { die } from "../context.ts";
import { baseDir } from "./base.ts";

export interface Kernel { flavor: KernelFlavor; version: string; dir: string }

export async function fetchKernels(ctx: BuildContext): Promise<Kernel[]> {
  const base = baseDir(ctx);
  const kernels: Kernel[] = [];
  for (const flavor of Object.keys(image.kernels) as KernelFlavor[]) {
    const meta = image.kernels[flavor].package;
    const deps = await ctx.run(["chroot", base, "apt-cache", "depends", "--important", meta]);
    const pkg = deps.match(/Depends:\s*(linux-image-\S+)/)?.[1] ?? die(`cannot resolve ${meta} to a kernel package`, "run with a reachable Debian mirror (AIOS_MIRROR)");
    const dir = `${ctx.cache}/kernel/${pkg}`;
    if (!existsSync(`${dir}/.complete`)) {
      const dl = `${base}/tmp/kernel-dl`;
      rmSync(dl, { recursive: true, force: true });
      mkdirSync(dl, { recursive: true });
      await ctx.run(["chroot", base, "sh", "-c", `cd /tmp/kernel-dl && apt-get download -qq ${pkg}`]);
      const deb = readdirSync(dl).find((f) => f.endsWith(".deb")) ?? die(`apt-get download ${pkg} gave no .deb`);
      mkdirSync(`${ctx.cache}/debs`, { recursive: true });
      renameSync(`${dl}/${deb}`, `${ctx.cache}/debs/${deb}`);
      rmSync(`${dir}.tmp`, { recursive: true, force: true });
      mkdirSync(`${dir}.tmp`, { recursive: true });
      await ctx.run(["dpkg-deb", "-x", `${ctx.cache}/debs/${deb}`, `${dir}.tmp`]);
      const ver = readdirSync(`${dir}.tmp/lib/modules`)[0] ?? die(`${deb} has no modules`);
      await ctx.run(["depmod", "-b", `${dir}.tmp`, ver]);
      await Bun.write(`${dir}.tmp/.complete`, ver);
      rmSync(dir, { recursive: true, force: true });
      renameSync(`${dir}.tmp`, dir);
    }
    const version = readdirSync(`${dir}/lib/modules`)[0]!;
    kernels.push({ flavor, version, dir });
  }
  return kernels;
}

export const describeKernels = (ks: Kernel[]) => ks.map((k) => `${k.flavor} ${k.version}`).join(", ");
