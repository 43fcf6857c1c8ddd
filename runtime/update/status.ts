// What aiosctl update status|commit|rollback read and change: the boot state, each slot's manifest,
// the running system and its version, the last boot events, and what the running system's first boot
// carried over from the system it was updated from (carry.ts).
import { existsSync, readFileSync } from "node:fs";
import { UserError } from "../errors.ts";
import { carriedReport, type CarryReport } from "./carry.ts";
import { appendEvent, parseEvents, type BootEvent } from "./events.ts";
import { readGrubEnv, writeGrubEnv } from "./grubenv.ts";
import { eventsPath, grubenvPath, imageVersion, locateSlot, runningSystem, slotManifest, type UpdatePaths } from "./slots.ts";
import { commit, envOf, rollback, SLOTS, stateOf, type BootState, type SlotId, type SystemId } from "./state.ts";

export interface SlotView { slot: SlotId; version: string | null; built: string | null; where: string }
export interface UpdateStatus {
  running: SystemId;
  version: string;
  imageVersion: string;
  /** False on an installed disk: no factory system to go back to, only slots a and b. */
  factory: boolean;
  committed: SystemId;
  previous: SystemId | "";
  trial: SlotId | "";
  tries: number;
  slots: SlotView[];
  events: BootEvent[];
  /** The running system's carry-over report; null on a system that was not installed by an update. */
  carried: CarryReport | null;
}

/** The version of what runs: a slot's manifest (what was installed), else the image's own build. */
export async function runningVersion(p: UpdatePaths): Promise<string> {
  const running = runningSystem(p.cmdline);
  if (running === "factory") return imageVersion(p);
  return slotManifest((await locateSlot(p, running)).dir)?.version ?? imageVersion(p);
}

export async function updateStatus(p: UpdatePaths): Promise<UpdateStatus> {
  const state = stateOf(readGrubEnv(grubenvPath(p)));
  const slots: SlotView[] = [];
  for (const slot of SLOTS) {
    const loc = await locateSlot(p, slot);
    const m = slotManifest(loc.dir);
    slots.push({ slot, version: m?.version ?? null, built: m?.built ?? null, where: loc.device ?? loc.dir });
  }
  const events = [eventsPath(p), `${eventsPath(p)}.taken`].flatMap((f) => (existsSync(f) ? parseEvents(readFileSync(f, "utf8")) : []));
  return { running: runningSystem(p.cmdline), version: await runningVersion(p), imageVersion: imageVersion(p), ...state, slots, events: events.sort((a, b) => a.at - b.at).slice(-10), carried: carriedReport(p, runningSystem(p.cmdline)) };
}

function store(p: UpdatePaths, f: (s: BootState) => BootState): { before: BootState; after: BootState } {
  const env = readGrubEnv(grubenvPath(p));
  const before = stateOf(env);
  const after = f(before);
  writeGrubEnv(grubenvPath(p), envOf(after, env));
  return { before, after };
}

/** Commits the running slot (the update service does this once the system is healthy; aiosctl by hand). */
export function commitRunning(p: UpdatePaths, why: string): BootState {
  const running = runningSystem(p.cmdline);
  if (running === "factory") throw new UserError("the factory system is running: there is no slot to commit", "boot the updated slot first (aiosctl update status)");
  const { after } = store(p, (s) => commit(s, running));
  appendEvent(`${eventsPath(p)}.taken`, { kind: "commit", system: running, why });
  return after;
}

export function rollbackNow(p: UpdatePaths): { state: BootState; what: string } {
  let what = "";
  const { after } = store(p, (s) => { const r = rollback(s); what = r.what; return r.state; });
  appendEvent(`${eventsPath(p)}.taken`, { kind: "rollback", system: after.committed, why: what });
  return { state: after, what };
}
