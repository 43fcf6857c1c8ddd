// Starts services in dependency order (each after its dependencies are ready), watches them, restarts
// them by their policy, and stops them in reverse order. Owns every process PID 1 spawns.
import type { Subprocess } from "bun";
import { closeSync, openSync } from "node:fs";
import { Cgroups, procUsage } from "./cgroup.ts";
import { launchArgv, prepareRuntimeDir } from "./launch.ts";
import { LogStore, pumpLines } from "./logs.ts";
import { probe, probeDelay } from "./readiness.ts";
import { afterExit, countsAsCrash, isUp, serviceView, type ExitInfo, type ServiceRun, type State } from "./service.ts";
import type { ServiceSpec } from "./spec/types.ts";

/** How often a degraded service (readiness timed out) is probed again, in case it gets there late. */
const LATE_PROBE_MS = 2000;

export interface SupervisorOptions {
  controlSocket: string;
  logs: LogStore;
  /** Environment every service starts with (before its own `env`). */
  baseEnv: Record<string, string>;
  onChange?: (run: ServiceRun, from: State) => void;
  cgroups?: Cgroups;
  /** Services not to start at boot (`aiosctl disable`). */
  disabled?: ReadonlySet<string>;
}

export class Supervisor {
  readonly runs = new Map<string, ServiceRun>();
  readonly order: string[];

  constructor(specs: ServiceSpec[], private readonly opts: SupervisorOptions) {
    for (const spec of specs) this.runs.set(spec.id, { spec, state: "stopped", wanted: false, restarts: 0, deaths: [], streak: 0 });
    this.order = specs.map((s) => s.id);
  }

  /** Pids of live processes we spawned: the reaper must leave these to Bun. */
  ownPids(): Set<number> {
    return new Set([...this.runs.values()].flatMap((r) => (r.pid ? [r.pid] : [])));
  }

  get(id: string): ServiceRun | undefined { return this.runs.get(id); }
  /** Status of every service. Usage (cgroup or /proc reads) is cached for a second: status is hot. */
  views() { return this.order.map((id) => this.view(id)!); }

  view(id: string) {
    const run = this.runs.get(id);
    if (!run) return undefined;
    const usage = run.pid ? this.usage(id, run.pid) : undefined;
    return { ...serviceView(run), memory_bytes: usage?.memoryBytes ?? null, cpu_usec: usage?.cpuUsec ?? null };
  }

  private usageCache = new Map<string, { at: number; pid: number; value: ReturnType<typeof procUsage> }>();
  private usage(id: string, pid: number) {
    const now = Date.now();
    const hit = this.usageCache.get(id);
    if (hit && hit.pid === pid && now - hit.at < 1000) return hit.value;
    const value = this.opts.cgroups?.usage(id) ?? procUsage(pid);
    this.usageCache.set(id, { at: now, pid, value });
    return value;
  }

  startAll(): void {
    const enabled = this.order.filter((id) => !this.opts.disabled?.has(id));
    for (const id of enabled) this.runs.get(id)!.wanted = true;
    for (const id of this.order) this.setState(this.runs.get(id)!, enabled.includes(id) ? "waiting" : "stopped", enabled.includes(id) ? undefined : "disabled");
    this.schedule();
  }

  /** Adds services (from a reload) and starts them. */
  add(specs: ServiceSpec[]): void {
    for (const spec of specs) {
      if (this.runs.has(spec.id)) continue;
      this.runs.set(spec.id, { spec, state: "stopped", wanted: false, restarts: 0, deaths: [], streak: 0 });
      this.order.push(spec.id);
      this.start(spec.id);
    }
  }

  /** Watchdog heartbeat from the service. */
  kick(id: string): boolean {
    const run = this.runs.get(id);
    if (!run?.proc || !run.spec.watchdogMs) return false;
    this.armWatchdog(run);
    return true;
  }

  private armWatchdog(run: ServiceRun): void {
    clearTimeout(run.watchdog);
    const ms = run.spec.watchdogMs;
    if (!ms || !run.proc) return;
    const proc = run.proc;
    run.watchdog = setTimeout(() => {
      if (run.proc !== proc) return;
      run.reason = `watchdog: no heartbeat in ${ms} ms`;
      this.opts.logs.add(run.spec.id, "init", run.reason);
      proc.kill("SIGKILL");
    }, ms);
  }

  /** Dependents that asked to follow this service's restarts go down with it and come back after. */
  private async bounceDependents(id: string): Promise<void> {
    for (const run of this.runs.values()) {
      if (run.spec.onDependencyRestart !== "restart" || !run.spec.dependsOn.includes(id) || !run.wanted || !run.proc) continue;
      this.opts.logs.add(run.spec.id, "init", `restarting with its dependency ${id}`);
      await this.stop(run.spec.id);
      run.wanted = true;
      this.setState(run, "waiting", `waiting for ${id}`);
    }
    this.schedule();
  }

  start(id: string): void {
    const run = this.runs.get(id)!;
    run.wanted = true;
    run.deaths = [];
    run.streak = 0;
    if (!run.proc) { clearTimeout(run.timer); this.setState(run, "waiting", undefined); this.schedule(); }
  }

  async restart(id: string): Promise<void> {
    await this.stop(id);
    this.start(id);
    await this.bounceDependents(id);
  }

  /** Starts every waiting service whose dependencies are up. Called after any state change. */
  private schedule(): void {
    for (const id of this.order) {
      const run = this.runs.get(id)!;
      if (run.state !== "waiting" || !run.wanted) continue;
      const deps = run.spec.dependsOn.map((d) => this.runs.get(d)!);
      const failed = deps.find((d) => d.state === "failed");
      if (failed) { run.reason = `dependency ${failed.spec.id} failed`; continue; }
      if (deps.every((d) => isUp(d.state))) this.spawn(run);
    }
  }

  private setState(run: ServiceRun, state: State, reason?: string): void {
    const from = run.state;
    run.state = state;
    if (reason !== undefined) run.reason = reason;
    if (from !== state) this.opts.onChange?.(run, from);
    if (isUp(state) || state === "failed") this.schedule();
  }

  private spawn(run: ServiceRun): void {
    const { spec } = run;
    let ttyFd: number | undefined;
    let exitHandled = () => {};
    try {
      const argv = launchArgv(spec);
      prepareRuntimeDir(spec);
      for (const p of this.opts.cgroups?.prepare(spec) ?? []) this.opts.logs.add(spec.id, "init", p);
      if (spec.tty) ttyFd = openSync(spec.tty, "r+");
      // The child inherits init's umask at the spawn, which is synchronous: set it for that moment only.
      const initMask = spec.umask === undefined ? undefined : process.umask(spec.umask);
      let proc: Subprocess;
      try {
        proc = Bun.spawn(argv, {
          cwd: spec.cwd ?? "/",
          env: { ...this.opts.baseEnv, ...spec.env, AIOS_SERVICE: spec.id, AIOS_CONTROL: this.opts.controlSocket },
          stdio: (ttyFd !== undefined ? [ttyFd, ttyFd, ttyFd] : ["ignore", "pipe", "pipe"]) as ["ignore", "pipe", "pipe"],
          onExit: (_p, code, signal): void => { this.exited(run, proc, { code, signal: signal ? String(signal) : null, at: Date.now() }); exitHandled(); },
        });
      } finally {
        if (initMask !== undefined) process.umask(initMask);
      }
      run.proc = proc;
      run.pid = proc.pid;
      run.gone = new Promise((resolve) => { exitHandled = resolve; });
      this.opts.cgroups?.attach(spec.id, proc.pid);
      run.startedAt = Date.now();
      run.readyAt = undefined;
      if (ttyFd === undefined) {
        void pumpLines(proc.stdout as unknown as ReadableStream<Uint8Array>, (l) => this.opts.logs.add(spec.id, "out", l));
        void pumpLines(proc.stderr as unknown as ReadableStream<Uint8Array>, (l) => this.opts.logs.add(spec.id, "err", l));
      }
      this.setState(run, "starting", "");
      if (spec.kind === "longrun") void this.awaitReady(run, proc.pid);
    } catch (err) {
      run.proc = undefined;
      run.pid = undefined;
      run.lastFailure = `cannot start: ${(err as Error).message}`;
      this.setState(run, "failed", run.lastFailure);
    } finally {
      if (ttyFd !== undefined) closeSync(ttyFd);
    }
  }

  private async awaitReady(run: ServiceRun, pid: number): Promise<void> {
    const { ready, readyTimeoutMs } = run.spec;
    const deadline = Date.now() + readyTimeoutMs;
    for (let attempt = 0; run.pid === pid && run.state === "starting"; attempt++) {
      if (ready.kind !== "notify" && (await probe(ready))) { this.markReady(run.spec.id, pid); return; }
      if (Date.now() > deadline) break;
      await Bun.sleep(ready.kind === "notify" ? 50 : probeDelay(attempt));
    }
    if (run.pid !== pid || run.state !== "starting") return;
    if (run.spec.onReadyTimeout !== "degrade") { this.setState(run, "failed", `not ready after ${readyTimeoutMs} ms`); run.wanted = false; run.proc?.kill("SIGKILL"); return; }
    this.setState(run, "degraded", `not ready after ${readyTimeoutMs} ms`);
    // Late is not never: a degraded service is still probed (a notify one may still say so), and one that
    // gets there is ready: a DHCP lease on a slow network, a loaded machine. Otherwise an update's trial
    // boot, which waits for every service to be ready, would fall back because its network came late.
    const stillLate = () => run.pid === pid && (run.state as State) === "degraded"; // setState changed it
    while (ready.kind !== "notify" && stillLate()) {
      await Bun.sleep(LATE_PROBE_MS);
      if (stillLate() && (await probe(ready))) this.markReady(run.spec.id, pid);
    }
  }

  /** Readiness notification (from a probe or the service itself via the control socket). */
  markReady(id: string, pid?: number): boolean {
    const run = this.runs.get(id);
    if (!run || (run.state !== "starting" && run.state !== "degraded") || (pid !== undefined && run.pid !== pid)) return false;
    run.readyAt = Date.now();
    this.setState(run, "ready", "");
    this.armWatchdog(run);
    return true;
  }

  private exited(run: ServiceRun, proc: unknown, exit: ExitInfo): void {
    if (run.proc !== proc) return;
    const wasUp = run.state === "ready" || run.state === "degraded";
    clearTimeout(run.watchdog);
    run.proc = undefined;
    run.pid = undefined;
    run.lastExit = exit;
    if (wasUp) void this.bounceDependents(run.spec.id);
    this.opts.logs.add(run.spec.id, "init", exit.signal ? `killed by ${exit.signal}` : `exited ${exit.code}`);
    if (!run.wanted || run.state === "stopping") { this.setState(run, run.state === "failed" ? "failed" : "stopped"); return; }
    if (run.reason?.startsWith("watchdog")) exit.watchdog = true;
    const next = afterExit(run, exit, exit.at);
    if (next.next === "backoff") {
      if (countsAsCrash(exit)) run.deaths = [...run.deaths.filter((t) => t >= exit.at - run.spec.deathTallyWindowS * 1000), exit.at];
      run.streak = next.streak;
      run.restarts++;
      run.lastFailure = run.reason?.startsWith("watchdog") ? `${run.reason}; ${next.reason}` : next.reason;
      this.setState(run, "backoff", run.lastFailure);
      run.timer = setTimeout(() => { if (run.wanted && run.state === "backoff") { this.setState(run, "waiting"); this.schedule(); } }, next.delayMs);
    } else if (next.next === "failed") {
      run.lastFailure = next.reason;
      this.setState(run, "failed", next.reason);
    } else {
      this.setState(run, next.next);
    }
  }

  /** Stops one service: SIGTERM, then SIGKILL after its stop timeout. Resolves when it is gone. */
  async stop(id: string): Promise<void> {
    const run = this.runs.get(id)!;
    run.wanted = false;
    clearTimeout(run.timer);
    const proc = run.proc;
    if (!proc) { if (run.state !== "failed") this.setState(run, "stopped"); return; }
    this.setState(run, "stopping");
    proc.kill("SIGTERM");
    const killer = setTimeout(() => proc.kill("SIGKILL"), run.spec.stopTimeoutMs);
    await run.gone;
    clearTimeout(killer);
  }

  /** Stops everything, dependents before their dependencies, independent services in parallel. */
  async stopAll(): Promise<void> {
    const depth = new Map<string, number>();
    for (const id of this.order) {
      const deps = this.runs.get(id)!.spec.dependsOn;
      depth.set(id, deps.length ? Math.max(...deps.map((d) => depth.get(d)!)) + 1 : 0);
    }
    for (let level = Math.max(0, ...depth.values()); level >= 0; level--) {
      await Promise.all(this.order.filter((id) => depth.get(id) === level).map((id) => this.stop(id)));
    }
  }

  /** True once every wanted service is up (or finished); failed ones are reported, not waited for. */
  settled(): boolean {
    return [...this.runs.values()].every((r) => !r.wanted || isUp(r.state) || r.state === "failed");
  }
}
