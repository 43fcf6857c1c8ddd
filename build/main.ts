// The image build, top to bottom: each step is timed and printed; slow downloads are cached in
// AIOS_CACHE_DIR. Usage: bun build/main.ts [--help]
import { resolve } from "node:path";
import { BuildError, makeContext, type BuildContext } from "./context.ts";
import { loadSettings, settingsHelp } from "./settings.ts";
import { debootstrapBase } from "./steps/base.ts";
import { describeKernels, fetchKernels, type Kernel } from "./steps/kernel.ts";
import { addUsers, copyBase, seedKeys, overlayRootfs, slimRootfs, unsetMachineId } from "./steps/rootfs.ts";
import { installModules } from "./steps/modules.ts";
import { bundleWebClient, compileAgents, compileAios, compileServices, installCompletions, installNodeModules, writeConfig } from "./steps/aios.ts";
import { copyKernels, makeInitrd } from "./steps/initrd.ts";
import { makeIso } from "./steps/iso.ts";
import { makeSquashfs } from "./steps/squashfs.ts";
import { makeGrubImages } from "./steps/grub.ts";
import { bundleModelRuntime } from "./steps/models.ts";
import { installKexec, makeUpdateBundle, writeVersionAndKey } from "./steps/update.ts";

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  const detail = typeof result === "string" ? result : "";
  console.log(`==> ${name.padEnd(22)}${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${detail}`);
  return result;
}

export async function buildImage(ctx: BuildContext): Promise<void> {
  const t0 = performance.now();
  await step("debootstrap base", () => debootstrapBase(ctx));
  const kernels: Kernel[] = await step("fetch kernels", () => fetchKernels(ctx));
  console.log(`      ${describeKernels(kernels)}`);
  await step("copy base", () => copyBase(ctx));
  await step("slim rootfs", () => slimRootfs(ctx));
  await step("install modules", () => installModules(ctx, kernels));
  await step("overlay rootfs/", () => overlayRootfs(ctx));
  await step("compile services", () => compileServices(ctx));
  await step("compile agents", () => compileAgents(ctx));
  await step("write config.toml", () => writeConfig(ctx));
  await step("add system users", () => addUsers(ctx));
  await step("unset machine id", () => unsetMachineId(ctx));
  await step("compile aios", () => compileAios(ctx));
  await step("shell completions", () => installCompletions(ctx));
  await step("install node_modules", () => installNodeModules(ctx));
  await step("bundle web client", () => bundleWebClient(ctx));
  await step("bundle model runtime", () => bundleModelRuntime(ctx));
  await step("seed ssh keys (out/ssh, for fw_cfg)", () => seedKeys(ctx));
  await step("kexec (stage 1's slots)", () => installKexec(ctx));
  await step("version, update key", () => writeVersionAndKey(ctx));
  await step("copy kernels", () => copyKernels(ctx, kernels));
  await step("grub for installs", () => makeGrubImages(ctx));
  await step("make system image", () => makeSquashfs(ctx));
  await step("make initrd", () => makeInitrd(ctx, kernels));
  await step("make iso", () => makeIso(ctx));
  await step("make update bundle", () => makeUpdateBundle(ctx));
  console.log(`==> built ${ctx.out}/aios.iso in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (import.meta.main) {
  if (process.argv.includes("--help")) {
    console.log(`usage: bun build/main.ts\n\nsettings (environment):\n${settingsHelp()}`);
    process.exit(0);
  }
  try {
    await buildImage(makeContext(loadSettings(), resolve(import.meta.dir, "..")));
  } catch (err) {
    console.log("");
    console.error(`build failed: ${(err as Error).message}`);
    if (err instanceof BuildError && err.hint) console.error(`hint: ${err.hint}`);
    process.exit(1);
  }
}
