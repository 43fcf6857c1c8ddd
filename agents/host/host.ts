// The agent host: every enabled agent's loop on its own interval (never overlapping itself), the
// scheduler's jobs dispatched to their agents, pause/resume, and each agent's status for the consoles.
// One agent's failure degrades that agent; the host itself never crashes on it.
import type { Database } from "bun:sqlite";
import { errorMessage } from "../../runtime/errors.ts";
import type { Runner } from "../../runtime/proc/exec.ts";
import type { Executor } from "./executor/api.ts";
import { IncidentStore } from "../incidents/store.ts";
import type { Ask } from "../loop/decide.ts";
import { AgentLoop } from "../loop/loop.ts";
import type { AgentModule } from "../loop/types.ts";
import type { LoadedAgents } from "../spec/compile.ts";
import type { AgentSpec } from "../spec/types.ts";
import { isPaused, memoFor, migrateAgentState, setPaused } from "./state.ts";
import { watchableFiles, watchFiles } from "./watch.ts";

/** After an action, the next cycle comes this soon: the fix is verified without a full interval. */
const VERIFY_SOON_MS = 3000;
const FIRST_CYCLE_MS = 20_000;
const STAGGER_MS = 4000;

export interface HostOptions {
  loaded: LoadedAgents;
  modules: Record<string, AgentModule>;
  executor: Executor;
  ask: Ask;
  db: Database;
  runner: Runner;
  root?: string;
  log?(line: string): void;
  /** When the first agent's first cycle runs, and the gap before each next agent's (default 20 s, 4 s). */
  firstCycleMs?: number;
  staggerMs?: number;
}

export interface AgentStatus {
  name: string;
  description: string;
  state: "running" | "paused" | "disabled" | "degraded";
  reason?: string;
  intervalMs: number;
  mode: string;
  lastObservationAt?: number;
  lastCycleMs?: number;
  cycles: number;
  openIncidents: number;
  decisionsByTier: Record<string, number>;
}

export class AgentHost {
  readonly incidents: IncidentStore;
  readonly loops = new Map<string, AgentLoop>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly stats = new Map<string, { cycles: number; lastMs?: number }>();
  private stopped = true;
  private readonly unwatch: (() => void)[] = [];


  constructor(private readonly o: HostOptions) {
    migrateAgentState(o.db);
    this.incidents = new IncidentStore(o.db);
    for (const spec of o.loaded.agents) {
      const mod = o.modules[spec.name];
      if (!mod || !spec.enabled) continue;
      this.loops.set(spec.name, new AgentLoop({
        spec, mod, ask: o.ask, executor: o.executor, incidents: this.incidents, memo: memoFor(o.db, spec.name), runner: o.runner, root: o.root,
        ownerOf: (name) => this.ownerOf(name), log: (l) => o.log?.(`${spec.name}: ${l}`),
      }));
    }
  }

  private ownerOf(name: string): { spec: AgentSpec; mod: AgentModule } | undefined {
    const spec = this.o.loaded.agents.find((a) => a.name === name);
    const mod = this.o.modules[name];
    return spec && mod ? { spec, mod } : undefined;
  }

  start(): void {
    this.stopped = false;
    let i = 0;
    for (const [name, loop] of this.loops) {
      // First cycles wait for the boot to settle and are staggered (baselines and first scans are the
      // heaviest), as a boot timer would: the host does not compete in one burst with the services
      // still starting. A watched file that changes meanwhile still wakes its agent at once.
      this.schedule(name, (this.o.firstCycleMs ?? FIRST_CYCLE_MS) + i++ * (this.o.staggerMs ?? STAGGER_MS));
      const files = watchableFiles(loop.d.spec.watches);
      if (files.length) this.unwatch.push(watchFiles(files, () => { if (!this.stopped && !isPaused(this.o.db, name)) void this.cycleNow(name).catch(() => {}); }));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unwatch.splice(0)) u();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled(this.running.values());
  }

  private schedule(name: string, delayMs: number): void {
    if (this.stopped) return;
    this.timers.set(name, setTimeout(() => void this.tick(name), delayMs));
  }

  private async tick(name: string): Promise<void> {
    const loop = this.loops.get(name)!;
    this.timers.delete(name);
    if (!isPaused(this.o.db, name)) await this.cycleNow(name).catch(() => {});
    if (!this.timers.has(name)) this.schedule(name, loop.d.spec.intervalMs); // unless a verify is already due sooner
  }

  /** Runs one cycle of one agent now (or joins the one in flight): the loop never overlaps itself. */
  async cycleNow(name: string): Promise<unknown> {
    const loop = this.loops.get(name);
    if (!loop) throw new Error(`no running agent "${name}"`);
    const inflight = this.running.get(name);
    if (inflight) return inflight;
    const p = loop.cycle().then((r) => {
      if (r.changed.some((id) => this.incidents.get(id)?.state === "acting")) {
        clearTimeout(this.timers.get(name));
        this.schedule(name, Math.min(VERIFY_SOON_MS, loop.d.spec.intervalMs));
      }
      const s = this.stats.get(name) ?? { cycles: 0 };
      this.stats.set(name, { cycles: s.cycles + 1, lastMs: r.ms });
      loop.lastError = undefined;
      return r;
    }).catch((err) => {
      loop.lastError = errorMessage(err);
      this.o.log?.(`${name}: cycle failed: ${loop.lastError}`);
      throw err;
    }).finally(() => this.running.delete(name));
    this.running.set(name, p);
    return p;
  }

  /** A scheduler job for one agent (the scheduler calls this). */
  async runJob(agent: string, job: string): Promise<{ ok: boolean; message?: string }> {
    const loop = this.loops.get(agent);
    if (!loop) return { ok: false, message: `agent ${agent} is not running` };
    if (isPaused(this.o.db, agent)) return { ok: false, message: `agent ${agent} is paused` };
    try { return await loop.runJob(job); } catch (err) { return { ok: false, message: errorMessage(err) }; }
  }

  pause(name: string, paused: boolean): void {
    if (!this.o.loaded.agents.some((a) => a.name === name)) throw new Error(`no agent "${name}"`);
    setPaused(this.o.db, name, paused);
  }

  status(): AgentStatus[] {
    return this.o.loaded.agents.map((spec) => {
      const loop = this.loops.get(spec.name);
      const disabled = this.o.loaded.disabled.find((d) => d.name === spec.name);
      const s = this.stats.get(spec.name);
      const inc = this.incidents.stats(spec.name);
      const paused = isPaused(this.o.db, spec.name);
      const problem = loop?.lastError ?? loop?.degraded ?? this.o.loaded.ignored?.find((d) => d.name === spec.name)?.reason;
      const state: AgentStatus["state"] = !loop ? "disabled" : paused ? "paused" : problem ? "degraded" : "running";
      return {
        name: spec.name, description: spec.description, state,
        reason: !loop ? disabled?.reason ?? (this.o.modules[spec.name] ? "disabled in its declaration" : "no code for this agent") : problem,
        intervalMs: spec.intervalMs, mode: spec.policy.mode, lastObservationAt: loop?.lastObservationAt, lastCycleMs: s?.lastMs,
        cycles: s?.cycles ?? 0, openIncidents: inc.open, decisionsByTier: inc.byTier,
      };
    });
  }
}
