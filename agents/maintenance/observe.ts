// What the maintenance agent sees: every file under the log dirs and temp trees (size, times), apt's
// downloaded packages, each database's size, WAL and free pages, the snapshots, and free space on the
// watched mounts. Only reads; paths are the real ones under ctx.root, as the tools see them.
import { existsSync, readdirSync, readFileSync, statfsSync } from "node:fs";
import { join } from "node:path";
import { aptDebs } from "../../tools/maintenance/clean.ts";
import { dbStats, type DbStats } from "../../tools/maintenance/db.ts";
import { type FileInfo, walkFiles } from "../../tools/maintenance/files.ts";
import type { AgentContext } from "../loop/types.ts";
import { readSettings } from "./settings.ts";

export interface DiskSpace { mount: string; path: string; totalBytes: number; freeBytes: number }
export interface SnapshotInfo { id: string; createdAt: number; auto: boolean }

export interface MaintObs {
  now: number;
  /** Files under the log dirs, live and rotated. */
  logs: FileInfo[];
  /** Files under the clean-up (temp) trees. */
  temp: FileInfo[];
  apt: FileInfo[];
  dbs: DbStats[];
  snapshots: SnapshotInfo[];
  disks: DiskSpace[];
}

const TEMP_LIMIT = 20_000;

export async function observe(ctx: AgentContext): Promise<MaintObs> {
  const s = readSettings(ctx.settings);
  const at = (p: string) => join(ctx.root, p);
  const existing = (ps: string[]) => ps.map(at).filter((p) => existsSync(p));
  return {
    now: ctx.now,
    logs: existing(s.logDirs).flatMap((d) => walkFiles(d)),
    temp: existing(s.cleanupPaths).flatMap((d) => walkFiles(d, TEMP_LIMIT)),
    apt: aptDebs([at(s.aptArchives), at(`${s.aptArchives}/partial`)]),
    dbs: existing(s.databases).flatMap((p) => { try { return [dbStats(p)]; } catch { return []; } }),
    snapshots: readSnapshots(at(s.snapshotDir)),
    disks: s.diskMounts.filter((m) => existsSync(at(m))).map((mount) => {
      const st = statfsSync(at(mount));
      return { mount, path: at(mount), totalBytes: st.blocks * st.bsize, freeBytes: st.bavail * st.bsize };
    }),
  };
}

function readSnapshots(dir: string): SnapshotInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((id) => {
    try {
      const m = JSON.parse(readFileSync(join(dir, id, "manifest.json"), "utf8")) as SnapshotInfo;
      return [{ id: m.id, createdAt: m.createdAt, auto: m.auto === true }];
    } catch { return []; }
  });
}
