// Disk and log tools: filesystem usage, log sizes, rotate a log (copy then truncate, so daemons that
// hold it open keep writing), and clean rotated logs older than some days.
import { copyFileSync, existsSync, readdirSync, readFileSync, statfsSync, statSync, truncateSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../runtime/errors.ts";
import type { Effect } from "../../runtime/policy/effects.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { fencedPath, sha256 } from "../files/paths.ts";
import { s } from "../schema.ts";

export interface DisksConfig {
  /** Where logs live (/var/log on the appliance); rotate and clean never leave it. */
  logDir: string;
}

const REAL_FS = new Set(["ext4", "ext3", "ext2", "xfs", "btrfs", "vfat", "f2fs", "overlay", "tmpfs", "squashfs"]);
/** Names a rotation leaves behind: x.1, x.2.gz, x.old, x-20250101. */
const ROTATED = /(\.\d+(\.gz|\.xz|\.zst)?|\.gz|\.old|-\d{8})$/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : []));
}

export function diskTools(cfg: DisksConfig): ToolDeclaration[] {
  return [
    tool<Record<string, never>>({
      name: "disks.usage",
      description: "Size, used and free bytes of each mounted filesystem.",
      input: s.object({}),
      capabilities: ["disk.read"],
      destructive: false,
      timeoutMs: 5000,
      plan: async () => ({ effects: [] }),
      async execute() {
        const seen = new Set<string>();
        return readFileSync("/proc/mounts", "utf8").split("\n").map((l) => l.split(" ")).filter(([dev, mnt, fs]) => dev && mnt && fs && REAL_FS.has(fs) && !seen.has(mnt) && seen.add(mnt))
          .map(([dev, mnt, fs]) => {
            const st = statfsSync(mnt!);
            const size = st.blocks * st.bsize;
            return { device: dev, mount: mnt, fs, size, used: size - st.bfree * st.bsize, free: st.bavail * st.bsize };
          });
      },
    }),
    tool<{ top?: number }>({
      name: "logs.usage",
      description: "The largest files under the log directory.",
      input: s.object({ top: s.int("how many", 1, 1000) }, []),
      capabilities: ["logs.read"],
      destructive: false,
      timeoutMs: 10_000,
      plan: async () => ({ effects: [] }),
      async execute({ top }) {
        return walk(cfg.logDir).map((p) => ({ path: p, bytes: statSync(p).size })).sort((a, b) => b.bytes - a.bytes).slice(0, top ?? 20);
      },
    }),
    tool<{ path: string }>({
      name: "logs.rotate",
      description: "Rotate a log: copy it to <path>.1 and truncate it in place.",
      input: s.object({ path: s.string("log file", { pattern: "^/" }) }),
      capabilities: ["logs.write"],
      destructive: true,
      timeoutMs: 60_000,
      async plan({ path }) {
        const p = fencedPath(path, [cfg.logDir]);
        if (!existsSync(p) || !statSync(p).isFile()) throw new UserError(`${path} is not a log file`);
        const data = readFileSync(p);
        const old = `${p}.1`;
        const effects: Effect[] = [
          { kind: "file.write", path: old, existed: existsSync(old), bytes: data.length, sha256: sha256(data), ...(existsSync(old) ? { previousSha256: sha256(readFileSync(old)) } : {}) },
          { kind: "file.write", path: p, existed: true, bytes: 0, sha256: sha256(""), previousSha256: sha256(data) },
        ];
        return { effects };
      },
      async execute({ path }) {
        const p = fencedPath(path, [cfg.logDir]);
        copyFileSync(p, `${p}.1`);
        truncateSync(p, 0);
        return { rotated: p, to: `${p}.1` };
      },
    }),
    tool<{ olderThanDays: number }>({
      name: "logs.clean",
      description: "Delete rotated logs (x.1, x.2.gz, x.old, …) older than some days.",
      input: s.object({ olderThanDays: s.int("age in days", 0, 3650) }),
      capabilities: ["logs.write"],
      destructive: true,
      timeoutMs: 60_000,
      async plan({ olderThanDays }) {
        const cutoff = Date.now() - olderThanDays * 86_400_000;
        const gone = walk(cfg.logDir).filter((p) => ROTATED.test(p) && statSync(p).mtimeMs < cutoff);
        return { effects: gone.map((p): Effect => ({ kind: "file.delete", path: p, bytes: statSync(p).size })) };
      },
      async execute(_input, _ctx, plan) {
        // Exactly the files the preview listed, even if more have aged past the cutoff since.
        const gone = plan.effects.filter((e) => e.kind === "file.delete");
        for (const e of gone) if (existsSync(e.path)) unlinkSync(e.path);
        return { deleted: gone.length };
      },
    }),
  ];
}
