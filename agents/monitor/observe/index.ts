// observe(): one reading of everything the monitor watches. It changes nothing on the system; the
// memo keeps the previous counters (CPU ticks, oom_kill, services seen) so rates need no history.
import type { Database } from "bun:sqlite";
import { join } from "node:path";
import type { AgentContext } from "../../loop/types.ts";
import type { MonitorObs } from "../observation.ts";
import { readSettings } from "../settings.ts";
import { readDisk } from "./disk.ts";
import { readMemory } from "./memory.ts";
import { readProcs } from "./procs.ts";
import { readServices } from "./services.ts";
import { readSmart } from "./smart.ts";

export interface ObserveDeps {
  /** The state database holding monitor_samples (the sampler's table); undefined: no forecast. */
  samples(): Database | undefined;
}

export async function observe(ctx: AgentContext, deps: ObserveDeps): Promise<MonitorObs> {
  const s = readSettings(ctx.settings);
  const notes: string[] = [];
  const procRoot = join(ctx.root, "proc");
  const { procs, cpuSince, all } = readProcs(procRoot, ctx.now, ctx.memo, s.exclude_commands);
  const memory = readMemory(procRoot, ctx.memo, all, notes);
  const db = deps.samples();
  const disk = db ? readDisk(db, s.state_dir, ctx.now, s.forecast_window_s, s.forecast_min_samples) : null;
  if (!disk) notes.push("no disk samples yet: no fill-rate forecast");
  const smart = await readSmart(ctx.runner, ctx.memo, ctx.now, s.smart_interval_s);
  if (!smart.available) notes.push(smart.note);
  const services = await readServices(s.control_socket || undefined, ctx.memo, ctx.now, s.restart_reset_s, notes);
  return { at: ctx.now, cpuSince, procs, memory, disk, smart, services, notes };
}
