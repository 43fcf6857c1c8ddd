// cgroup v2 for tool commands: one child group per command under <root>/aios-tools with memory, CPU
// and pids limits. Where cgroup v2 is missing or not writable (containers, hybrid hosts) it says why,
// and the runner falls back to rlimits.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Limits {
  memoryBytes?: number;
  /** Percent of one CPU (100 = one full core). */
  cpuPercent?: number;
  pids?: number;
}

export type CgroupProbe = { ok: true; parent: string } | { ok: false; reason: string };

export function probeCgroup(root = "/sys/fs/cgroup", name = "aios-tools"): CgroupProbe {
  const controllers = join(root, "cgroup.controllers");
  if (!existsSync(controllers)) return { ok: false, reason: `no cgroup v2 hierarchy at ${root}` };
  const have = readFileSync(controllers, "utf8").trim().split(/\s+/);
  const want = ["memory", "cpu", "pids"].filter((c) => !have.includes(c));
  if (want.length > 0) return { ok: false, reason: `cgroup v2 at ${root} lacks the ${want.join(", ")} controller(s)` };
  try {
    const parent = join(root, name);
    mkdirSync(parent, { recursive: true });
    writeFileSync(join(root, "cgroup.subtree_control"), "+memory +cpu +pids");
    writeFileSync(join(parent, "cgroup.subtree_control"), "+memory +cpu +pids");
    return { ok: true, parent };
  } catch (err) {
    return { ok: false, reason: `cgroup v2 at ${root} is not writable: ${(err as Error).message}` };
  }
}

/** Creates the group for one command and returns its path. */
export function createGroup(parent: string, id: string, l: Limits): string {
  const dir = join(parent, id);
  mkdirSync(dir);
  if (l.memoryBytes) {
    writeFileSync(join(dir, "memory.max"), String(l.memoryBytes));
    // Without swap accounting the file is absent; memory.max alone still holds.
    try { writeFileSync(join(dir, "memory.swap.max"), "0"); } catch { /* no swap accounting */ }
  }
  if (l.cpuPercent) writeFileSync(join(dir, "cpu.max"), `${Math.round(l.cpuPercent * 1000)} 100000`);
  if (l.pids) writeFileSync(join(dir, "pids.max"), String(l.pids));
  return dir;
}

/** Kills whatever is left in the group (a timed-out command's children) and removes it. */
export function removeGroup(dir: string): void {
  try { writeFileSync(join(dir, "cgroup.kill"), "1"); } catch { /* kernels before 5.14: nothing left to kill in the normal case */ }
  for (let i = 0; i < 50; i++) {
    try { rmdirSync(dir); return; } catch { Bun.sleepSync(10); }
  }
}
