// Which disk holds the state folder, read from the mount table (so it works when init does not answer).
import { readFileSync } from "node:fs";

const unescape = (s: string) => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** The mount that holds `dir` (the longest mount point above it): "/dev/vda on /var/lib/aios (ext4)". */
export function stateDiskOf(mounts: string, dir: string): string {
  let best: { dev: string; at: string; type: string } | undefined;
  for (const line of mounts.split("\n")) {
    const [dev, rawAt, type] = line.split(" ");
    if (!dev || !rawAt || !type) continue;
    const at = unescape(rawAt);
    const holds = at === "/" || dir === at || dir.startsWith(`${at}/`);
    if (holds && (!best || at.length >= best.at.length)) best = { dev, at, type };
  }
  if (!best) return "unknown (no mount table)";
  if (best.type === "tmpfs" || best.type === "ramfs" || best.dev === "rootfs") return `RAM (${best.type}): no AIOS-STATE disk, changes are lost at reboot`;
  return `${best.dev} on ${best.at} (${best.type})`;
}

export function readStateDisk(dir: string): string {
  try { return stateDiskOf(readFileSync("/proc/self/mounts", "utf8"), dir); } catch { return "unknown (cannot read /proc/self/mounts)"; }
}
