// Mounted filesystems from /proc/self/mounts with their statfs(2) numbers (node_exporter's filesystem
// collector, with its default exclusions of pseudo filesystems and kernel mount points).
import { readFileSync, statfsSync, type StatsFs } from "node:fs";

const SKIP_TYPES = /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$/;
const SKIP_POINTS = /^\/(dev|proc|run\/credentials\/.+|sys|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/;

export interface Mount { device: string; mountpoint: string; fstype: string; readonly: boolean }
export interface FsStats extends Mount { size: number; free: number; avail: number; files: number; filesFree: number }

/** Mount paths escape space, tab, newline and backslash as octal (\040). */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export function parseMounts(text: string): Mount[] {
  const seen = new Set<string>();
  const out: Mount[] = [];
  for (const line of text.split("\n")) {
    const [device, point, fstype, opts] = line.split(" ");
    if (!device || !point || !fstype) continue;
    const mountpoint = unescape(point);
    if (SKIP_TYPES.test(fstype) || SKIP_POINTS.test(mountpoint) || seen.has(mountpoint)) continue;
    seen.add(mountpoint); // the same point mounted twice: statfs sees only the top one
    out.push({ device: unescape(device), mountpoint, fstype, readonly: (opts ?? "").split(",").includes("ro") });
  }
  return out;
}

export function fsStats(m: Mount, s: StatsFs): FsStats {
  return { ...m, size: s.blocks * s.bsize, free: s.bfree * s.bsize, avail: s.bavail * s.bsize, files: s.files, filesFree: s.ffree };
}

/** A mount whose statfs fails (gone meanwhile, no permission) is left out, as node_exporter does. */
export function readFilesystems(proc = "/proc", statfs: (path: string) => StatsFs = (p) => statfsSync(p)): FsStats[] {
  const out: FsStats[] = [];
  for (const m of parseMounts(readFileSync(`${proc}/self/mounts`, "utf8"))) {
    try { out.push(fsStats(m, statfs(m.mountpoint))); } catch { /* skipped */ }
  }
  return out;
}
