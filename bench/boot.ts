// Boot benchmark: time from QEMU start to "aios ready" against the floor — the same kernel booting a
// busybox-only initramfs to a shell — measured in the same run (median of N each, direct cloud-kernel
// boots under TCG); plus the ISO, system image and initrd sizes and the idle memory (sum of PSS) of aios processes.
// Usage: bun bench/boot.ts [runs=3]   (run `npm run build` first; AIOS_OUT picks another build)
import { copyFileSync, mkdirSync, mkdtempSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { Vm } from "../tests/boot/vm.ts";
import { freePort, newDisk, ssh } from "../tests/boot/helpers.ts";

const out = resolve(fileURLToPath(new URL("..", import.meta.url)), process.env.AIOS_OUT ?? "out");
const runs = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(`${tmpdir()}/aios-bench-`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A busybox-only initramfs whose /init prints a marker and powers off: the floor for this kernel. */
async function floorInitrd(): Promise<string> {
  const root = `${dir}/floor`;
  for (const d of ["bin", "proc", "lib64", "lib/x86_64-linux-gnu"]) mkdirSync(`${root}/${d}`, { recursive: true });
  copyFileSync(`${out}/rootfs/usr/bin/busybox`, `${root}/bin/busybox`);
  chmodSync(`${root}/bin/busybox`, 0o755);
  for (const lib of ["libc.so.6", "libresolv.so.2"]) copyFileSync(`${out}/rootfs/usr/lib/x86_64-linux-gnu/${lib}`, `${root}/lib/x86_64-linux-gnu/${lib}`);
  copyFileSync(`${out}/rootfs/usr/lib64/ld-linux-x86-64.so.2`, `${root}/lib64/ld-linux-x86-64.so.2`);
  writeFileSync(`${root}/init`, "#!/bin/busybox sh\n/bin/busybox mount -t proc proc /proc\necho FLOOR-SHELL-READY\n/bin/busybox poweroff -f\n", { mode: 0o755 });
  const img = `${dir}/floor.img`;
  const p = Bun.spawn(["sh", "-c", `cd ${root} && find . | cpio -o -H newc -R 0:0 --quiet | lz4 -l -1 -q > ${img}`]);
  if ((await p.exited) !== 0) throw new Error("floor initramfs failed");
  return img;
}

async function timeBoot(name: string, marker: RegExp, opts: Partial<ConstructorParameters<typeof Vm>[0]>, after?: (vm: Vm) => Promise<void>): Promise<number> {
  const vm = new Vm({ out, boot: "direct", socket: `${dir}/${name}.sock`, ...opts });
  const t0 = performance.now();
  await vm.start();
  try {
    await vm.expect(marker, 300_000);
    const s = (performance.now() - t0) / 1000;
    if (after) await after(vm);
    return s;
  } finally { vm.kill(); }
}

const floorImg = await floorInitrd();
const floor: number[] = [];
const aios: number[] = [];
let pssKb = 0;
for (let i = 0; i < runs; i++) {
  floor.push(await timeBoot(`floor${i}`, /FLOOR-SHELL-READY/, { initrd: floorImg }));
  const sshPort = freePort();
  aios.push(await timeBoot(`aios${i}`, /aios ready in/, { stateDisk: await newDisk(`${dir}/state${i}.qcow2`), sshPort }, async () => {
    if (i !== runs - 1) return;
    await Bun.sleep(5000); // let the first minutes' work settle: idle, not starting up
    const cmd = "for p in $(pgrep -f /usr/bin/aios); do awk '/^Pss:/{print $2}' /proc/$p/smaps_rollup; done";
    const r = await ssh(sshPort, cmd);
    pssKb = r.stdout.split("\n").filter(Boolean).map(Number).reduce((a, b) => a + b, 0);
  }));
  console.log(`run ${i + 1}: floor ${floor[i]!.toFixed(2)} s, aios ready ${aios[i]!.toFixed(2)} s`);
}
const mb = (f: string) => statSync(f).size / 1e6;
console.log(`\nboot to ready (median of ${runs}, cloud kernel, TCG): aios ${median(aios).toFixed(2)} s vs floor ${median(floor).toFixed(2)} s = ${(median(aios) / median(floor)).toFixed(2)}x the floor (+${(median(aios) - median(floor)).toFixed(2)} s)`);
console.log(`image: aios.iso ${mb(`${out}/aios.iso`).toFixed(0)} MB (system image aios.sqfs ${mb(`${out}/aios.sqfs`).toFixed(0)} MB), initrd ${mb(`${out}/initrd.img`).toFixed(1)} MB vs floor initrd ${mb(floorImg).toFixed(1)} MB`);
console.log(`idle memory: aios processes PSS ${(pssKb / 1024).toFixed(1)} MiB`);
