// Observations and contexts for the maintenance agent's unit tests (plain data, no files).
import type { DetectContext } from "../../../../agents/loop/types.ts";
import type { MaintObs } from "../../../../agents/maintenance/observe.ts";
import type { FileInfo } from "../../../../tools/maintenance/files.ts";

export const NOW = Date.UTC(2026, 0, 15, 12);
export const DAY = 86_400_000;
export const MiB = 1 << 20;

export const file = (path: string, bytes: number, ageDays = 0): FileInfo => ({ path, bytes, mtimeMs: NOW - ageDays * DAY, atimeMs: NOW - ageDays * DAY });

export function obs(o: Partial<MaintObs> = {}): MaintObs {
  return { now: NOW, logs: [], temp: [], apt: [], dbs: [], snapshots: [], disks: [], ...o };
}

export function ctx(settings: Record<string, unknown> = {}): DetectContext<MaintObs> {
  const memo = new Map<string, unknown>();
  return {
    now: NOW, settings, root: "/", history: [],
    runner: { run: async () => { throw new Error("detectors run no commands"); } } as never,
    memo: { get: <T>(k: string) => memo.get(k) as T | undefined, set: (k, v) => void memo.set(k, v) },
  };
}
