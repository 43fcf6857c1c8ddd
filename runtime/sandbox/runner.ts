// The spawning module for tools: every command a tool runs goes through this Runner. It adds, around
// the shared runner (timeout, clean environment, dry recording), resource limits (a cgroup v2 group,
// or rlimits via prlimit where cgroup v2 is not writable) and, for untrusted commands, new mount, PID,
// network, IPC and UTS namespaces via unshare.
import { type CommandResult, realRunner, type Runner, type RunOptions } from "../proc/exec.ts";
import { type CgroupProbe, createGroup, type Limits, probeCgroup, removeGroup } from "./cgroup.ts";

export interface SandboxRunOptions extends RunOptions {
  /** Run in fresh namespaces: no network, its own PID 1 and /proc, private mounts. */
  untrusted?: boolean;
  limits?: Limits;
}

export interface SandboxOptions {
  base?: Runner;
  cgroupRoot?: string;
  defaults?: Limits;
  /** Skip probing (tests of the fallback, or hosts where cgroups belong to someone else). */
  cgroup?: CgroupProbe;
}

export const DEFAULT_LIMITS: Limits = { memoryBytes: 512 * 1024 * 1024, cpuPercent: 100, pids: 256 };

const UNSHARE = ["unshare", "--mount", "--pid", "--net", "--ipc", "--uts", "--fork", "--kill-child", "--mount-proc", "--"];

let seq = 0;

export class SandboxRunner implements Runner {
  readonly limitsVia: "cgroup" | "rlimit";
  /** Why limits fall back to rlimits; null when cgroups are used. Log it once at startup. */
  readonly degraded: string | null;
  private readonly base: Runner;
  private readonly cg: CgroupProbe;

  constructor(private readonly o: SandboxOptions = {}) {
    this.base = o.base ?? realRunner;
    this.cg = o.cgroup ?? probeCgroup(o.cgroupRoot);
    this.limitsVia = this.cg.ok ? "cgroup" : "rlimit";
    this.degraded = this.cg.ok ? null : `${this.cg.reason}; using an address-space rlimit; no CPU share or pids limit`;
  }

  async run(argv: readonly string[], opts: SandboxRunOptions = {}): Promise<CommandResult> {
    const limits = { ...DEFAULT_LIMITS, ...this.o.defaults, ...opts.limits };
    let cmd = opts.untrusted ? [...UNSHARE, ...argv] : [...argv];
    let group: string | null = null;
    if (this.cg.ok) {
      group = createGroup(this.cg.parent, `cmd-${process.pid}-${++seq}`, limits);
      // The shell joins the group, then becomes the command: nothing runs outside the limits.
      cmd = ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', group, ...cmd];
    } else {
      // Address space, not resident memory, is all an rlimit can cap; allocators reserve more than
      // they touch, so allow twice the memory budget. RLIMIT_NPROC is per user and ignored for root.
      cmd = ["prlimit", ...(limits.memoryBytes ? [`--as=${limits.memoryBytes * 2}`] : []), "--", ...cmd];
    }
    try {
      const r = await this.base.run(cmd, opts);
      return { ...r, argv };
    } finally {
      if (group) removeGroup(group);
    }
  }
}
