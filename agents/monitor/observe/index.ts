// observe(): one reading of everything the monitor watches. It changes nothing on the system; the
// memo keeps the previous counters (CPU ticks, oom_kill, services seen) so rates need no history.
import type { Database } from "bun:sqlite";
import { join } from "node:path";
import type { AgentContext } from "../../loop/types.ts";
import type { MonitorObs } from "../observation.ts";
import { readSettings } from "../settings.ts";
import { readDisk } from "./disk.ts";
import { memoryConcern, readMemory, topRss } from "./memory.ts";
import { machineCouldHog, readAllStat, readProcs, type StatFields } from "./procs.ts";
import { readServices } from "./services.ts";
import { readSmart } from "./smart.ts";
import { degradedReasons } from "../../../runtime/health/degraded.ts";

export interface ObserveDeps {
  /** The state database holding monitor_samples (the sampler's table); undefined: no forecast. */
  samples(): Database | undefined;
}

// An idle cycle is kept cheap: every process's stat is read only when the whole machine was busy
// enough for one of them to be a hog (or memory findings need the biggest ones as evidence), the
// samples table is queried every forecast_every_s, and init's status is asked when a service's
// process changed, a service is on its way somewhere, or the last answer is services_max_age_s old.
export async function observe(ctx: AgentContext, deps: ObserveDeps): Promise<MonitorObs> {
  const s = readSettings(ctx.settings);
  const notes: string[] = [];
  const procRoot = join(ctx.root, "proc");
  const memory = readMemory(procRoot, ctx.memo, notes);
  let all: StatFields[] | undefined;
  let procs: MonitorObs["procs"] = [], cpuSince: number | null = null;
  if (machineCouldHog(procRoot, ctx.memo, s.cpu_hog_percent)) ({ procs, cpuSince, all } = readProcs(procRoot, ctx.now, ctx.memo, s.exclude_commands));
  if (memoryConcern(memory, s)) memory.top = topRss(all ??= readAllStat(procRoot));
  const disk = forecast(ctx, deps, s);
  if (!disk) notes.push("no disk samples yet: no fill-rate forecast");
  const smart = await readSmart(ctx.runner, ctx.memo, ctx.now, s.smart_interval_s);
  if (!smart.available) notes.push(smart.note);
  const services = await readServices(s.control_socket || undefined, ctx.memo, ctx.now, s.restart_reset_s, notes, { procRoot, maxAgeS: s.services_max_age_s });
  return { at: ctx.now, cpuSince, procs, memory, disk, smart, services, degraded: degradedReasons(), notes };
}

/** The fill-rate fit, from the memo while younger than forecast_every_s. */
function forecast(ctx: AgentContext, deps: ObserveDeps, s: ReturnType<typeof readSettings>): MonitorObs["disk"] {
  const hit = ctx.memo.get<{ at: number; disk: MonitorObs["disk"] }>("disk.forecast");
  if (hit && ctx.now >= hit.at && ctx.now - hit.at < s.forecast_every_s * 1000) return hit.disk;
  const db = deps.samples();
  const disk = db ? readDisk(db, s.state_dir, ctx.now, s.forecast_window_s, s.forecast_min_samples) : null;
  ctx.memo.set("disk.forecast", { at: ctx.now, disk });
  return disk;
}
