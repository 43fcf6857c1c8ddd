// Test helpers: plain observations and a detect context, built from only what a test cares about,
// and an in-memory memo (the agents' database memo keeps the same get/set contract).
import { realRunner } from "../../runtime/proc/exec.ts";
import type { DetectContext, Memo } from "../loop/types.ts";
import type { MonitorObs, ServiceObs } from "./observation.ts";

export class MapMemo implements Memo {
  readonly map = new Map<string, string>();
  get<T>(key: string): T | undefined { const v = this.map.get(key); return v === undefined ? undefined : (JSON.parse(v) as T); }
  set(key: string, value: unknown): void { this.map.set(key, JSON.stringify(value)); } // JSON round trip, like SQLite
}

export function obs(at: number, part: Partial<MonitorObs> = {}): MonitorObs {
  return { at, cpuSince: at - 5000, procs: [], memory: null, disk: null, smart: { available: false, note: "none" }, services: null, notes: [], ...part };
}

export function svc(name: string, part: Partial<ServiceObs> = {}): ServiceObs {
  return { name, state: "ready", pid: 100, uptimeS: 10, restarts: 0, lastExit: null, lastFailure: null, reason: null, seen: { restarts: 0, state: "ready" }, restartSpent: false, logTail: [], ...part };
}

export function dctx(history: MonitorObs[] = [], settings: Record<string, unknown> = {}): DetectContext<MonitorObs> {
  return { now: Date.now(), settings, runner: realRunner, root: "/", memo: new MapMemo(), history };
}
