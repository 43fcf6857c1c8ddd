// The monitor agent: samples the system (sampler.ts, today's service) and detects CPU hogs, memory
// pressure and OOM kills, a filling state disk, failing disks and crashing, failed or flapping
// services. It raises incidents; the fixes it may make itself are a SIGTERM a person approves and one
// service restart after a crash. Disk space belongs to the maintenance agent.
import type { Database } from "bun:sqlite";
import { defaultDbPath, openDatabase } from "../../runtime/db/open.ts";
import type { AgentModule } from "../loop/types.ts";
import { actions } from "./actions.ts";
import { cpuHog } from "./detect/cpu-hog.ts";
import { diskFilling, diskHealth } from "./detect/disk.ts";
import { memoryPressure, oomKill } from "./detect/memory.ts";
import { serviceCrashed, serviceFailed, serviceFlapping } from "./detect/services.ts";
import { stateDegraded } from "./detect/state.ts";
import type { MonitorObs } from "./observation.ts";
import { observe, type ObserveDeps } from "./observe/index.ts";
import { rules } from "./rules.ts";
import { readSettings } from "./settings.ts";

export { runMonitor, takeSample, openSampler } from "./sampler.ts";
export type { MonitorObs } from "./observation.ts";

export function monitorAgent(deps: ObserveDeps): AgentModule<MonitorObs> {
  return {
    name: "monitor",
    observe: (ctx) => observe(ctx, deps),
    detectors: [cpuHog, memoryPressure, oomKill, diskFilling, diskHealth, serviceCrashed, serviceFailed, serviceFlapping, stateDegraded],
    // cpu-hog reads back cpu_hog_seconds, service-flapping flap_window_s, memory the one before (+ a cycle's slack).
    historyMs: (raw) => { const s = readSettings(raw); return Math.max(s.cpu_hog_seconds, s.flap_window_s) * 1000 + 60_000; },
    rules,
    actions,
  };
}

let db: Database | undefined;
/** On the appliance: the samples live in the state database (opened once, on first use). */
// Read-only: the agent host runs unprivileged and the samples belong to the monitor service.
export const agent = monitorAgent({ samples: () => (db ??= openDatabase(defaultDbPath(), { readonly: true })) });
