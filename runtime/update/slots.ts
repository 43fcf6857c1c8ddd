// Where things are. Slot X (a or b) is the partition labelled AIOS-SLOT-X when one exists (installed
// systems), else the folder {state_dir}/slots/X; either holds vmlinuz, initrd.img, aios.sqfs and
// manifest.json. Boot state and boot events live in {state_dir}/boot. Stage 1 uses the same contract.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { setting } from "../config/settings.ts";
import { realRunner } from "../proc/exec.ts";
import type { Manifest } from "./bundle.ts";
import type { SlotId, SystemId } from "./state.ts";

export interface UpdatePaths {
  stateDir: string;
  runDir: string;
  /** The kernel command line: aios.slot=X says which system runs. */
  cmdline: string;
  publicKey: string;
  /** The running image's own build version (the factory system's version). */
  versionFile: string;
  /** Look for AIOS-SLOT-X partitions (off in tests on a host). */
  partitions: boolean;
  /** The running system's image, read-only (stage 1 mounts it there); none in tests on a host. */
  imageDir?: string;
}

export const IMAGE_VERSION_FILE = "/usr/share/aios/version";
export const IMAGE_DIR = "/run/aios/image";

export function updatePaths(): UpdatePaths {
  let cmdline = "";
  try { cmdline = readFileSync("/proc/cmdline", "utf8"); } catch { /* not Linux */ }
  return { stateDir: setting("state_dir"), runDir: setting("run_dir"), cmdline, publicKey: setting("update_public_key"), versionFile: IMAGE_VERSION_FILE, partitions: true, imageDir: IMAGE_DIR };
}

export const bootDir = (p: UpdatePaths) => `${p.stateDir}/boot`;
export const grubenvPath = (p: UpdatePaths) => `${bootDir(p)}/grubenv`;
export const eventsPath = (p: UpdatePaths) => `${bootDir(p)}/events`;
/** A system's own overlay folder (upper/, work/, carry-from, carried.json): see carry.ts. */
export const overlayDir = (p: UpdatePaths, system: SystemId) => `${p.stateDir}/overlay/${system}`;
/**
 * The .debs apt installed, kept for the carry-over after an update and for packages.configure: this
 * folder of the state dir. Shell names it too, apt's hook (rootfs/usr/share/aios/keep-debs.sh) and
 * stage 1's factory reset; tests/unit/update/kept-debs.test.ts runs both against this.
 */
export const KEPT_DEBS = "packages";
export const keptDebsDir = (p: Pick<UpdatePaths, "stateDir">) => `${p.stateDir}/${KEPT_DEBS}`;

export function runningSystem(cmdline: string): SystemId {
  const m = cmdline.match(/(?:^|\s)aios\.slot=(a|b)(?:\s|$)/);
  return m ? (m[1] as SlotId) : "factory";
}

export const partitionLabel = (x: SlotId) => `AIOS-SLOT-${x.toUpperCase()}`;

export interface SlotLocation { slot: SlotId; dir: string; device?: string }

/** The slot's folder, mounting its partition (at {run_dir}/slots/X) when the system has one. */
export async function locateSlot(p: UpdatePaths, slot: SlotId): Promise<SlotLocation> {
  if (p.partitions) {
    const found = await realRunner.run(["blkid", "-L", partitionLabel(slot)], { check: false, timeoutMs: 10_000 }).catch(() => undefined);
    const device = found?.code === 0 ? found.stdout.trim() : "";
    if (device) {
      const dir = `${p.runDir}/slots/${slot}`;
      mkdirSync(dir, { recursive: true });
      const mounted = readFileSync("/proc/mounts", "utf8").split("\n").some((l) => l.split(" ")[1] === dir);
      if (!mounted) await realRunner.run(["mount", device, dir], { timeoutMs: 30_000 });
      return { slot, dir, device };
    }
  }
  return { slot, dir: `${p.stateDir}/slots/${slot}` };
}

/** The manifest of what a slot holds, or null when it holds nothing complete. */
export function slotManifest(dir: string): Manifest | null {
  try { return JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8")) as Manifest; } catch { return null; }
}

export function imageVersion(p: UpdatePaths): string {
  return existsSync(p.versionFile) ? readFileSync(p.versionFile, "utf8").trim() : "unknown";
}
