// Writes an installed disk: the GPT, the filesystems, GRUB for BIOS and UEFI, and the running system
// (kernel, initrd, image) into slot A with its manifest. The state partition starts empty, or with a
// copy of the running /var/lib/aios (--keep-state). Every command goes through the runner.
import { closeSync, existsSync, rmSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from "node:fs";
import { createHash, randomUUID } from "node:crypto";
import { dirname } from "node:path";
import { SystemError } from "../errors.ts";
import { PARTS, type Manifest as BundleManifest, type PartName } from "../update/bundle.ts";
import { writeGrubEnv } from "../update/grubenv.ts";
import { envOf } from "../update/state.ts";
import { realRunner, type Runner } from "../proc/exec.ts";
import { bootSector, coreImage } from "./bios.ts";
import { installedGrubConfig, kernelArgs } from "./grub-cfg.ts";
import { MiB, partitionPath, planLayout, sfdiskScript } from "./layout.ts";
import type { Target } from "./target.ts";

/**
 * A slot holds these at its root, as the update bundles write them (runtime/update on the update
 * branch): stage 1 and the installed GRUB read them there.
 */
/** A slot holds what an update bundle carries (runtime/update/bundle.ts), under the same names. */
export const SLOT_FILES = PARTS;
export type SlotFile = PartName;
/** Where the build puts GRUB's images (build/steps/grub.ts) in the system image. */
export const GRUB_DIR = "/usr/lib/aios/grub";
/** The running image's version, when the build wrote one. */
const VERSION_FILE = "/usr/share/aios/version";

export interface InstallOptions { sources: Record<SlotFile, string>; keepState: boolean; stateDir: string; work: string; grubDir?: string; runner?: Runner }
export interface InstallReport {
  disk: string; bytes: number; partitions: { path: string; label: string; mib: number | null }[];
  slot: "a"; manifest: Manifest; keptState: boolean; ms: Record<string, number>;
}
/** The update bundles' manifest (format 1), plus when and how this slot was written. */
export interface Manifest extends BundleManifest { installed: string; source: "install" }

/**
 * The running system's kernel, initrd and image: the ISO keeps the first two under boot/ (see
 * build/steps/iso.ts), a slot keeps all three at its root. `dirs` are where stage 1 leaves them.
 */
export function runningSystemFiles(dirs = ["/run/aios/slot", "/run/aios/medium"]): Record<SlotFile, string> {
  for (const d of dirs) {
    if (!existsSync(`${d}/aios.sqfs`)) continue;
    const boot = existsSync(`${d}/boot/vmlinuz`) ? `${d}/boot` : d;
    const found = { vmlinuz: `${boot}/vmlinuz`, "initrd.img": `${boot}/initrd.img`, "aios.sqfs": `${d}/aios.sqfs` };
    if (Object.values(found).every((f) => existsSync(f))) return found;
  }
  throw new SystemError(`the running system's kernel, initrd and aios.sqfs are in none of ${dirs.join(", ")}`, "run aiosctl install on the appliance, booted from its ISO or an installed disk");
}

const systemBytes = (src: Record<SlotFile, string>) => SLOT_FILES.reduce((n, f) => n + statSync(src[f]).size, 0);

/** Copies a file, hashing it on the way, and fsyncs it. */
function copyHashed(from: string, to: string): { bytes: number; sha256: string } {
  mkdirSync(dirname(to), { recursive: true });
  const src = openSync(from, "r"), dst = openSync(to, "w");
  const hash = createHash("sha256"), buf = Buffer.alloc(4 * MiB);
  let bytes = 0;
  try {
    for (let n; (n = readSync(src, buf, 0, buf.length, null)) > 0; bytes += n) { hash.update(buf.subarray(0, n)); writeSync(dst, buf, 0, n); }
    fsyncSync(dst);
  } finally { closeSync(src); closeSync(dst); }
  return { bytes, sha256: hash.digest("hex") };
}

function writeAt(path: string, data: Uint8Array, offset: number): void {
  const fd = openSync(path, "r+");
  try { writeSync(fd, data, 0, data.length, offset); fsyncSync(fd); } finally { closeSync(fd); }
}

/** Waits for the kernel to show a new partition; devtmpfs makes its node, and without devtmpfs we do. */
async function partitionNode(path: string, run: (argv: string[]) => Promise<unknown>): Promise<void> {
  const sys = `/sys/class/block/${path.slice("/dev/".length)}/dev`;
  for (let i = 0; i < 100 && !existsSync(path); i++) {
    if (existsSync(sys) && i > 10) { const [maj, min] = readFileSync(sys, "utf8").trim().split(":"); await run(["mknod", path, "b", maj!, min!]); }
    else await Bun.sleep(50);
  }
  if (!existsSync(path)) throw new SystemError(`${path} did not appear after partitioning`, "is the disk in use by something else?");
}

export async function install(t: Target, o: InstallOptions): Promise<InstallReport> {
  const run = (argv: string[], input?: string) => (o.runner ?? realRunner).run(argv, { input, timeoutMs: 600_000 });
  const ms: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => { const now = performance.now(); ms[name] = Math.round(now - t0); t0 = now; };
  const parts = planLayout(t.bytes, systemBytes(o.sources));
  const p = (n: number) => partitionPath(t.dev, n);

  await run(["wipefs", "-q", "-a", t.dev]);
  await run(["sfdisk", "-q", "--wipe", "always", "--wipe-partitions", "always", t.dev], sfdiskScript(parts));
  for (let n = 1; n <= parts.length; n++) await partitionNode(p(n), run);
  lap("partition");
  const uuid = { slotA: randomUUID(), slotB: randomUUID(), state: randomUUID() };
  // GRUB 2.06 cannot read ext4's metadata_csum_seed or orphan_file (e2fsprogs 1.47 turns them on).
  const ext4 = (label: string, id: string, dev: string) => run(["mkfs.ext4", "-q", "-F", "-L", label, "-U", id, "-O", "^metadata_csum_seed,^orphan_file", "-E", "lazy_itable_init=1,lazy_journal_init=1", dev]);
  await run(["mkfs.vfat", "-F", "32", "-s", "1", "-n", "AIOS-ESP", p(2)]);
  await ext4("AIOS-SLOT-A", uuid.slotA, p(3));
  await ext4("AIOS-SLOT-B", uuid.slotB, p(4));
  await ext4("AIOS-STATE", uuid.state, p(5));
  lap("format");

  // BIOS: boot.img in the MBR, core.img in partition 1; UEFI: the removable path on the ESP.
  const grub = o.grubDir ?? GRUB_DIR;
  const bios = parts[0]!;
  const coreLba = (bios.startMiB * MiB) / 512;
  writeAt(p(1), coreImage(readFileSync(`${grub}/core.img`), coreLba, bios.sizeMiB! * MiB), 0);
  const mbr = Buffer.alloc(512);
  const fd = openSync(t.dev, "r");
  try { readSync(fd, mbr, 0, 512, 0); } finally { closeSync(fd); }
  writeAt(t.dev, bootSector(readFileSync(`${grub}/boot.img`), mbr, coreLba), 0);
  const mnt = (name: string) => { const d = `${o.work}/${name}`; mkdirSync(d, { recursive: true }); return d; };
  const slot = mnt("slot"), state = mnt("state");
  const esp = `${o.work}/esp`; // a staging folder, never a mount point
  rmSync(esp, { recursive: true, force: true });
  // The ESP is written with mtools: no vfat module or mount needed, here or on a build host.
  mkdirSync(`${esp}/EFI/BOOT`, { recursive: true });
  mkdirSync(`${esp}/boot/grub`, { recursive: true });
  copyHashed(`${grub}/bootx64.efi`, `${esp}/EFI/BOOT/BOOTX64.EFI`);
  writeFileSync(`${esp}/boot/grub/grub.cfg`, installedGrubConfig(uuid, kernelArgs(readFileSync("/proc/cmdline", "utf8"))));
  // MTOOLS_SKIP_CHECK: mtools would refuse a FAT whose size is no multiple of the disk's sectors per track.
  await (o.runner ?? realRunner).run(["mcopy", "-s", "-i", p(2), `${esp}/EFI`, `${esp}/boot`, "::"], { env: { MTOOLS_SKIP_CHECK: "1" } });
  rmSync(esp, { recursive: true, force: true });
  lap("grub");

  await run(["mount", "-t", "ext4", p(3), slot]);
  let manifest: Manifest;
  try {
    const files: Manifest["parts"] = [];
    for (const f of SLOT_FILES) { const c = copyHashed(o.sources[f], `${slot}/${f}`); files.push({ name: f, size: c.bytes, sha256: c.sha256 }); }
    const version = existsSync(VERSION_FILE) ? readFileSync(VERSION_FILE, "utf8").trim() : "unknown";
    manifest = { format: 1, version, built: statSync(o.sources["aios.sqfs"]).mtime.toISOString(), parts: files, installed: new Date().toISOString(), source: "install" };
    writeFileSync(`${slot}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  } finally { await run(["umount", slot]); }
  lap("copy system");

  await run(["mount", "-t", "ext4", p(5), state]);
  try {
    // cp -a keeps owners, modes, links and times; the running databases are copied as they are now.
    if (o.keepState) await run(["cp", "-a", `${o.stateDir}/.`, state]);
    // Slot A is the committed system (update status says so, and the first update goes to B); a
    // copied boot state named the installer's slots, which this disk does not have. Nor has it a
    // factory system: its GRUB boots the slots only, so a rollback needs a previous slot.
    mkdirSync(`${state}/boot`, { recursive: true });
    writeGrubEnv(`${state}/boot/grubenv`, envOf({ factory: false, committed: "a", previous: "", trial: "", tries: 0 }));
  } finally { await run(["umount", state]); }
  lap(o.keepState ? "copy state" : "boot state");
  await run(["sync"]);
  const partitions = parts.map((x, i) => ({ path: p(i + 1), label: x.label, mib: x.sizeMiB ?? null }));
  return { disk: t.dev, bytes: t.bytes, partitions, slot: "a", manifest, keptState: o.keepState, ms };
}
