// Install benchmark: how long `aiosctl install` takes (over ssh, with its phases), and how long the
// installed disk takes to reach "aios ready" against the ISO through the same firmware, measured in the
// same run (TCG). Both boots that are compared use the generic kernel through GRUB and a state disk.
// Usage: bun bench/install.ts [runs=1]   (run `npm run build` first; AIOS_OUT picks another build)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { Vm } from "../tests/boot/vm.ts";
import { freePort, newDisk, ssh } from "../tests/boot/helpers.ts";

const out = resolve(fileURLToPath(new URL("..", import.meta.url)), process.env.AIOS_OUT ?? "out");
const runs = Number(process.argv[2] ?? 1);
const dir = mkdtempSync(`${tmpdir()}/aios-bench-install-`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const READY = /aios ready in/;

async function timeBoot(name: string, opts: Partial<ConstructorParameters<typeof Vm>[0]>): Promise<number> {
  const vm = new Vm({ out, boot: "direct", socket: `${dir}/${name}.sock`, ...opts });
  const t0 = performance.now();
  await vm.start();
  try {
    await vm.expect(READY, 400_000);
    return (performance.now() - t0) / 1000;
  } finally { vm.kill(); }
}

// The installer: a direct boot with a state disk and a blank target (vdc).
const target = await newDisk(`${dir}/target.qcow2`);
const sshPort = freePort();
const vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), extraDisks: [target], socket: `${dir}/installer.sock`, sshPort });
await vm.start();
await vm.expect(READY, 400_000);
const t0 = performance.now();
const r = await ssh(sshPort, "aiosctl install /dev/vdc --yes --json");
const installS = (performance.now() - t0) / 1000;
if (r.code !== 0) throw new Error(`install failed: ${r.stdout}${r.stderr}`);
const phases = (JSON.parse(r.stdout) as { ms: Record<string, number> }).ms;
await ssh(sshPort, "aiosctl poweroff");
await vm.waitExit(120_000);
console.log(`install: ${installS.toFixed(1)} s over ssh (${Object.entries(phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(", ")})`);

for (const boot of ["bios", "uefi"] as const) {
  const disk: number[] = [], iso: number[] = [];
  for (let i = 0; i < runs; i++) {
    disk.push(await timeBoot(`disk-${boot}${i}`, { boot, bootDisk: target }));
    iso.push(await timeBoot(`iso-${boot}${i}`, { boot, stateDisk: await newDisk(`${dir}/iso-${boot}${i}.qcow2`) }));
    console.log(`${boot} run ${i + 1}: installed disk ${disk[i]!.toFixed(2)} s, ISO ${iso[i]!.toFixed(2)} s`);
  }
  console.log(`${boot}: QEMU start to aios ready (median of ${runs}): installed disk ${median(disk).toFixed(2)} s vs ISO ${median(iso).toFixed(2)} s = ${(median(disk) / median(iso)).toFixed(2)}x`);
}
