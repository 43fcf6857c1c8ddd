// Install benchmark: how long `aiosctl install` takes (over ssh, with its phases), how long the
// installed disk takes to reach "aios ready" against the ISO through the same firmware, measured in the
// same run (TCG), and A/B updates on the installed disk under UEFI: apply, reboot → the trial (kexeced
// by stage 1 from GRUB's default) committed, the committed slot booted by GRUB itself, and a broken
// update falling back. Both boots that are compared use the generic kernel through GRUB and a state disk.
// Usage: bun bench/install.ts [runs=1]   (run `npm run build` first; AIOS_OUT picks another build)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { Vm } from "../tests/boot/vm.ts";
import { freePort, newDisk, scp, ssh } from "../tests/boot/helpers.ts";
import { makeTestBundles } from "../tests/fixtures/update-bundles.ts";

const repo = fileURLToPath(new URL("..", import.meta.url));
const out = resolve(repo, process.env.AIOS_OUT ?? "out");
const runs = Number(process.argv[2] ?? 1);
const dir = mkdtempSync(`${tmpdir()}/aios-bench-install-`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const READY = /aios ready in/;
let vm: Vm | undefined;
let boots = 0;

/** Starts QEMU; returns seconds from start to `marker` (the VM stays up). */
async function boot(marker: RegExp, opts: Partial<ConstructorParameters<typeof Vm>[0]>): Promise<number> {
  vm = new Vm({ out, boot: "direct", socket: `${dir}/s${++boots}.sock`, log: `${dir}/serial${boots}.log`, ...opts });
  const t0 = performance.now();
  await vm.start();
  await vm.expect(marker, 600_000);
  return (performance.now() - t0) / 1000;
}
async function timeBoot(opts: Partial<ConstructorParameters<typeof Vm>[0]>): Promise<number> {
  try { return await boot(READY, opts); } finally { vm?.kill(); }
}
const s = (x: number) => `${x.toFixed(1)} s`;

try {
  // The installer: a direct boot with a state disk and a blank target (vdc).
  const target = await newDisk(`${dir}/target.qcow2`);
  const sshPort = freePort();
  await boot(READY, { stateDisk: await newDisk(`${dir}/state.qcow2`), extraDisks: [target], sshPort });
  const t0 = performance.now();
  const r = await ssh(sshPort, "aiosctl install /dev/vdc --yes --json");
  const installS = (performance.now() - t0) / 1000;
  if (r.code !== 0) throw new Error(`install failed: ${r.stdout}${r.stderr}`);
  const phases = (JSON.parse(r.stdout) as { ms: Record<string, number> }).ms;
  await ssh(sshPort, "aiosctl poweroff");
  await vm!.waitExit(120_000);
  console.log(`install: ${s(installS)} over ssh (${Object.entries(phases).map(([k, v]) => `${k} ${s(v / 1000)}`).join(", ")})`);

  const plain: Record<string, number> = {};
  for (const fw of ["bios", "uefi"] as const) {
    const disk: number[] = [], iso: number[] = [];
    for (let i = 0; i < runs; i++) {
      disk.push(await timeBoot({ boot: fw, bootDisk: target }));
      iso.push(await timeBoot({ boot: fw, stateDisk: await newDisk(`${dir}/iso-${fw}${i}.qcow2`) }));
      console.log(`${fw} run ${i + 1}: installed disk ${disk[i]!.toFixed(2)} s, ISO ${iso[i]!.toFixed(2)} s`);
    }
    plain[fw] = median(disk);
    console.log(`${fw}: QEMU start to aios ready (median of ${runs}): installed disk ${median(disk).toFixed(2)} s vs ISO ${median(iso).toFixed(2)} s = ${(median(disk) / median(iso)).toFixed(2)}x`);
  }
  await updates(target, plain.uefi!);
} finally { vm?.kill(); }

interface Status { running: string; committed: string; previous: string; trial: string; version: string; events: { kind: string; system: string }[] }

/** A/B updates on the installed disk under UEFI; each step checks the boot state it should leave. */
async function updates(target: string, plain: number): Promise<void> {
  const port = freePort();
  const onDisk = (marker: RegExp) => boot(marker, { boot: "uefi", bootDisk: target, sshPort: port });
  const sh = async (cmd: string) => { const r = await ssh(port, cmd); if (r.code !== 0) throw new Error(`${cmd}: ${r.stdout}${r.stderr}`); return r.stdout; };
  const status = async () => JSON.parse(await sh("aiosctl update status --json")) as Status;
  const want = (what: string, st: Status, expected: Partial<Status>) => {
    for (const [k, v] of Object.entries(expected)) if (st[k as keyof Status] !== v) throw new Error(`${what}: update status ${k} is ${JSON.stringify(st[k as keyof Status])}, expected ${JSON.stringify(v)}`);
  };
  const reboot = async () => { await ssh(port, "aiosctl reboot"); await vm!.waitExit(120_000); };
  const bundles = makeTestBundles(repo, dir, `bench-${Date.now().toString(36)}`);

  await onDisk(READY);
  want("installed disk", await status(), { running: "a", committed: "a", trial: "" });
  await sh("mkdir -p /var/lib/aios/incoming");
  await scp(port, bundles.good, "/var/lib/aios/incoming/good.update");
  await scp(port, bundles.broken, "/var/lib/aios/incoming/broken.update");
  const t0 = performance.now();
  const applied = JSON.parse(await sh("aiosctl update /var/lib/aios/incoming/good.update --json")) as { slot: string };
  const apply = (performance.now() - t0) / 1000;
  if (applied.slot !== "b") throw new Error(`the update went to slot ${applied.slot}, not b`);
  want("armed", await status(), { running: "a", committed: "a", trial: "b" });
  await reboot();

  const committed = await onDisk(/slot b \(\S+\) committed/);
  if (!vm!.transcript.includes("trial boot of update slot b")) throw new Error("stage 1 did not kexec the trial");
  await vm!.expect(READY, 120_000);
  want("committed", await status(), { running: "b", committed: "b", previous: "a", trial: "" });
  await reboot();

  const slotB = await onDisk(READY); // GRUB's own default now: no kexec
  if (vm!.transcript.includes("booting update slot")) throw new Error("the committed slot B was kexeced, not booted by GRUB");
  if (!(await sh("cat /proc/cmdline")).includes("aios.slot=b aios.boot=grub")) throw new Error("GRUB did not boot slot B");
  await sh("aiosctl update /var/lib/aios/incoming/broken.update --json");
  want("broken armed", await status(), { running: "b", committed: "b", trial: "a" });
  await reboot();

  const t1 = performance.now();
  await onDisk(/trial boot of update slot a/); // stage 1 of GRUB's B spends the try and kexecs A
  await vm!.waitExit(600_000); // A's broken stage 1 panics; panic=10 reboots, which -no-reboot makes an exit
  const toPanic = (performance.now() - t1) / 1000;
  const ready = await onDisk(READY);
  const st = await status();
  want("fell back", st, { running: "b", committed: "b", trial: "" });
  if (!st.events.some((e) => e.kind === "fallback" && e.system === "a")) throw new Error(`no fallback event: ${JSON.stringify(st.events)}`);
  await ssh(port, "aiosctl poweroff");
  await vm!.waitExit(120_000);

  const r = (x: number) => `${s(x).padStart(7)}  ${(x / plain).toFixed(2)}x plain boot`;
  console.log("A/B updates on the installed disk (UEFI), against its plain boot to aios ready above:");
  console.log(`  apply a bundle (aiosctl update, into slot B)            ${r(apply)}`);
  console.log(`  QEMU start → trial of B (kexec from GRUB's A) committed  ${r(committed)}`);
  console.log(`  QEMU start → committed B (GRUB's default) ready          ${r(slotB)}`);
  console.log(`  bad update into A: start → panic reboot → B ready        ${r(toPanic + ready)} (${s(toPanic)} to the reboot)`);
}
