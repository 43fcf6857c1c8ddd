// cgroup v2 per service: /sys/fs/cgroup/aios/<id> with the declared limits, and its usage for status.
// Where the hierarchy or a controller is missing (some hosts, containers) services run unconfined and
// the reason is kept for `aiosctl status`.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import type { ServiceSpec } from "./spec/types.ts";

export class Cgroups {
  readonly unavailable?: string;
  private controllers = new Set<string>();

  constructor(readonly root = process.env.AIOS_CGROUP_ROOT ?? "/sys/fs/cgroup/aios") {
    try {
      const parent = root.slice(0, root.lastIndexOf("/"));
      if (!existsSync(`${parent}/cgroup.controllers`)) throw new Error(`no cgroup v2 hierarchy at ${parent}`);
      mkdirSync(root, { recursive: true });
      const offered = readFileSync(`${parent}/cgroup.controllers`, "utf8").trim().split(/\s+/).filter(Boolean);
      for (const c of ["memory", "cpu", "pids"].filter((c) => offered.includes(c))) {
        try {
          writeFileSync(`${parent}/cgroup.subtree_control`, `+${c}`);
          writeFileSync(`${root}/cgroup.subtree_control`, `+${c}`);
          this.controllers.add(c);
        } catch { /* this controller is not delegated to us */ }
      }
    } catch (err) {
      this.unavailable = (err as Error).message;
    }
  }

  private dir(id: string) { return `${this.root}/${id}`; }

  /** Creates the service's cgroup with its limits; returns what could not be applied. */
  prepare(spec: ServiceSpec): string[] {
    if (this.unavailable) return [];
    const problems: string[] = [];
    try { mkdirSync(this.dir(spec.id), { recursive: true }); } catch (err) { return [`cgroup: ${(err as Error).message}`]; }
    const set = (controller: string, file: string, value: string | number | undefined) => {
      if (value === undefined) return;
      if (!this.controllers.has(controller)) { problems.push(`${file} not applied: no ${controller} controller`); return; }
      try { writeFileSync(`${this.dir(spec.id)}/${file}`, String(value)); } catch (err) { problems.push(`${file}: ${(err as Error).message}`); }
    };
    set("memory", "memory.max", spec.limits.memoryMax);
    set("cpu", "cpu.weight", spec.limits.cpuWeight);
    set("pids", "pids.max", spec.limits.pidsMax);
    return problems;
  }

  attach(id: string, pid: number): boolean {
    if (this.unavailable) return false;
    try { writeFileSync(`${this.dir(id)}/cgroup.procs`, String(pid)); return true; } catch { return false; }
  }

  /** Memory in bytes and CPU time in µs used by everything in the service's cgroup. */
  usage(id: string): { memoryBytes: number; cpuUsec: number } | undefined {
    if (this.unavailable) return undefined;
    try {
      const cpu = Number(readFileSync(`${this.dir(id)}/cpu.stat`, "utf8").match(/usage_usec (\d+)/)?.[1] ?? 0);
      const mem = existsSync(`${this.dir(id)}/memory.current`) ? Number(readFileSync(`${this.dir(id)}/memory.current`, "utf8")) : 0;
      return { memoryBytes: mem, cpuUsec: cpu };
    } catch { return undefined; }
  }

  remove(id: string): void {
    try { rmdirSync(this.dir(id)); } catch { /* still has processes, or never made */ }
  }
}

/** Fallback usage from /proc for one process (no cgroup): resident memory and CPU time. */
export function procUsage(pid: number): { memoryBytes: number; cpuUsec: number } | undefined {
  try {
    const rss = Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0) * 1024;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 Hz on Linux)
    return { memoryBytes: rss, cpuUsec: ticks * 10_000 };
  } catch { return undefined; }
}
