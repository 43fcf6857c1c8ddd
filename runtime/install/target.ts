// Which disk an install may write: a whole, writable block device that holds neither the running
// state nor the boot medium and has nothing mounted. Reads /dev, /sys and /proc only; the roots are
// parameters so tests run it against a made-up tree.
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { NotFoundError, SystemError, UserError } from "../errors.ts";

export interface Host {
  /** sysfs root ("/sys"). */
  sys: string;
  /** /proc/self/mounts' text. */
  mounts: string;
  /** The state device stage 1 mounted (/run/aios/state-device: "/dev/vda", "/dev/sda5" or "ram"). */
  stateDevice: string;
  /** Where stage 1 leaves the boot medium and the running system's slot. */
  mediumDirs: string[];
}

export function liveHost(): Host {
  const read = (f: string) => { try { return readFileSync(f, "utf8").trim(); } catch { return ""; } };
  return { sys: "/sys", mounts: read("/proc/self/mounts"), stateDevice: read("/run/aios/state-device"), mediumDirs: ["/run/aios/medium", "/run/aios/slot"] };
}

/** The whole disk a block device name belongs to: vda5 → vda, nvme0n1p2 → nvme0n1, vda → vda. */
export function diskOf(name: string, sys: string): string {
  const node = `${sys}/class/block/${name}`;
  if (!existsSync(`${node}/partition`)) return name;
  return basename(dirname(realpathSync(node)));
}

/** Why `name` (a whole disk) must not be written, or undefined when it may. */
export function refusal(name: string, h: Host): { why: string; hint: string } | undefined {
  const dev = (path: string) => (path.startsWith("/dev/") ? diskOf(basename(path), h.sys) : undefined);
  if (dev(h.stateDevice) === name) {
    return { why: `/dev/${name} holds the running system's state disk (AIOS-STATE)`, hint: "choose another disk; to install onto this one, boot the ISO's \"state in RAM\" entry (aios.state=ram) first" };
  }
  const mounts = h.mounts.split("\n").map((l) => l.split(" ")).filter((f) => f.length > 1).map(([src, at]) => [src!, at!] as const);
  const medium = mounts.find((f) => h.mediumDirs.includes(f[1]) && dev(f[0]) === name);
  if (medium) return { why: `/dev/${name} is the boot medium the running system came from`, hint: "install to another disk" };
  const used = mounts.find((f) => dev(f[0]) === name);
  if (used) return { why: `/dev/${name} is in use: ${used[0]} is mounted at ${used[1]}`, hint: `unmount it first (umount ${used[1]})` };
  if (readFileSync(`${h.sys}/class/block/${name}/ro`, "utf8").trim() === "1") return { why: `/dev/${name} is read-only`, hint: "choose a writable disk" };
  return undefined;
}

export interface Target { dev: string; name: string; bytes: number }

/** Checks the operator's device argument; throws with what is wrong and what to do. */
export function checkTarget(path: string, h: Host = liveHost()): Target {
  let real: string;
  try { real = realpathSync(path); } catch { throw new NotFoundError(`no such device: ${path}`, `the disks here: ${listDisks(h.sys).join(", ") || "none"}`); }
  if (!statSync(real).isBlockDevice()) throw new UserError(`${path} is not a block device`, `give a whole disk, one of: ${listDisks(h.sys).join(", ") || "none"}`);
  const name = basename(real);
  if (diskOf(name, h.sys) !== name) throw new UserError(`${path} is a partition`, `give the whole disk: /dev/${diskOf(name, h.sys)}`);
  const no = refusal(name, h);
  if (no) throw new SystemError(`refusing to install to ${path}: ${no.why}`, no.hint);
  const bytes = Number(readFileSync(`${h.sys}/class/block/${name}/size`, "utf8").trim()) * 512;
  return { dev: `/dev/${name}`, name, bytes };
}

/** Whole disks (no loop, ram or optical devices), for hints. */
export function listDisks(sys: string): string[] {
  try {
    return readdirSync(`${sys}/block`).filter((n) => !/^(loop|ram|sr|zram|dm-)/.test(n)).map((n) => `/dev/${n}`);
  } catch { return []; }
}
