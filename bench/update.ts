// A/B update benchmark, one VM on one state disk (restarted across reboots), beside the plain boot
// measured in the same run: time to apply a bundle (aiosctl update: verify, write the slot, arm),
// QEMU start → the new slot committed, a boot of the committed slot (the kexec's cost), and a bad
// update's fallback (QEMU start → the broken stage 1's panic reboot → the committed system ready).
// Usage: bun bench/update.ts   (run `npm run build` first; AIOS_OUT picks another build)
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { Vm } from "../tests/boot/vm.ts";
import { freePort, newDisk, ssh } from "../tests/boot/helpers.ts";
import { makeTestBundles } from "../tests/fixtures/update-bundles.ts";

const repo = fileURLToPath(new URL("..", import.meta.url));
const out = resolve(repo, process.env.AIOS_OUT ?? "out");
const dir = mkdtempSync(`${tmpdir()}/aios-bench-update-`);
const sshPort = freePort();
const disk = await newDisk(`${dir}/state.qcow2`);
const bundles = makeTestBundles(repo, dir, `bench-${Date.now().toString(36)}`);
let boots = 0;
let vm: Vm | undefined;

/** Starts QEMU on the disk; returns seconds from start to `marker`. */
async function boot(marker: RegExp): Promise<number> {
  vm = new Vm({ out, boot: "direct", stateDisk: disk, socket: `${dir}/s${++boots}.sock`, log: `${dir}/serial${boots}.log`, sshPort });
  const t0 = performance.now();
  await vm.start();
  await vm.expect(marker, 600_000);
  return (performance.now() - t0) / 1000;
}
const sh = async (cmd: string) => { const r = await ssh(sshPort, cmd); if (r.code !== 0) throw new Error(`${cmd}: ${r.stderr}`); return r.stdout; };
async function scp(from: string, to: string) {
  const p = Bun.spawn(["scp", "-q", "-i", `${out}/ssh/aios_ed25519`, "-P", String(sshPort), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", from, `root@127.0.0.1:${to}`]);
  if ((await p.exited) !== 0) throw new Error(`scp ${from} failed`);
}
async function reboot() { await ssh(sshPort, "aiosctl reboot"); await vm!.waitExit(120_000); }

try {
  const plain = await boot(/aios ready in/);
  await sh("mkdir -p /var/lib/aios/incoming");
  await scp(bundles.good, "/var/lib/aios/incoming/good.update");
  await scp(bundles.broken, "/var/lib/aios/incoming/broken.update");
  const t0 = performance.now();
  await sh("aiosctl update /var/lib/aios/incoming/good.update --json");
  const apply = (performance.now() - t0) / 1000;
  await reboot();
  const committed = await boot(/slot a \(\S+\) committed/);
  await vm!.expect(/aios ready in/, 120_000);
  await reboot();
  const slotBoot = await boot(/aios ready in/);
  await sh("aiosctl update /var/lib/aios/incoming/broken.update --json");
  await reboot();
  const t1 = performance.now();
  vm = new Vm({ out, boot: "direct", stateDisk: disk, socket: `${dir}/s${++boots}.sock`, sshPort });
  await vm.start();
  await vm.waitExit(600_000); // the broken stage 1 panics; panic=10 reboots
  const toPanicReboot = (performance.now() - t1) / 1000;
  const ready = await boot(/aios ready in/);
  const fallback = toPanicReboot + ready;
  const r = (x: number) => `${x.toFixed(1).padStart(6)} s  ${(x / plain).toFixed(2)}x plain boot`;
  console.log(`update bundle: ${(statSync(`${out}/aios.update`).size / 1e6).toFixed(0)} MB`);
  console.log(`plain boot (factory, fresh disk) → aios ready   ${r(plain)}`);
  console.log(`apply a bundle (aiosctl update)                  ${r(apply)}`);
  console.log(`reboot → new slot committed                      ${r(committed)}`);
  console.log(`boot of the committed slot (kexec) → aios ready   ${r(slotBoot)}`);
  console.log(`bad update: boot → panic reboot → fallback ready  ${r(fallback)} (${toPanicReboot.toFixed(1)} s to the reboot)`);
} finally { vm?.kill(); }
