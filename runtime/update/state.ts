// The A/B state machine, as pure functions over the boot environment (grubenv.ts stores it):
//   aios_committed  the system that boots by default: factory (the boot medium's own), a or b
//   aios_previous   what was committed before it (rollback's target)
//   aios_try        a slot armed for trial boots; aios_tries how many boots it still gets
// Stage 1 spends a try before it boots the trial slot; the new system commits itself once healthy.
// A trial whose tries are spent without a commit is dropped by stage 1 (the fallback).
import { UserError } from "../errors.ts";
import type { GrubEnv } from "./grubenv.ts";

export type SlotId = "a" | "b";
export type SystemId = SlotId | "factory";
export const SLOTS: readonly SlotId[] = ["a", "b"];

export interface BootState { committed: SystemId; previous: SystemId | ""; trial: SlotId | ""; tries: number }

const asSystem = (v: string | undefined): SystemId => (v === "a" || v === "b" ? v : "factory");
const asSlot = (v: string | undefined): SlotId | "" => (v === "a" || v === "b" ? v : "");

export function stateOf(env: GrubEnv): BootState {
  const tries = Number.parseInt(env.aios_tries ?? "0", 10);
  return { committed: asSystem(env.aios_committed), previous: env.aios_previous ? asSystem(env.aios_previous) : "", trial: asSlot(env.aios_try), tries: Number.isFinite(tries) && tries > 0 ? tries : 0 };
}

/** Keeps keys it does not own (an installed system's GRUB may add its own). */
export function envOf(s: BootState, base: GrubEnv = {}): GrubEnv {
  return { ...base, aios_committed: s.committed, aios_previous: s.previous, aios_try: s.trial, aios_tries: String(s.tries) };
}

/** The slot an update goes into: never the running system, never the committed one. */
export function inactiveSlot(s: BootState, running: SystemId): SlotId {
  const busy = new Set<SystemId>([running, s.committed]);
  const free = SLOTS.find((x) => !busy.has(x));
  return free ?? (running === "a" ? "b" : "a");
}

export function arm(s: BootState, slot: SlotId, tries = 1): BootState {
  return { ...s, trial: slot, tries };
}

/** The trial slot passed its checks: it becomes the default, and what was committed is kept as the way back. */
export function commit(s: BootState, slot: SlotId): BootState {
  return { committed: slot, previous: s.committed === slot ? s.previous : s.committed, trial: "", tries: 0 };
}

export interface Rollback { state: BootState; what: string }

/** An armed trial is disarmed; otherwise the previous system becomes the committed one again. */
export function rollback(s: BootState): Rollback {
  if (s.trial) return { state: { ...s, trial: "", tries: 0 }, what: `the trial of slot ${s.trial} is disarmed; ${s.committed} stays` };
  if (s.committed === "factory") throw new UserError("nothing to roll back: the factory system is committed and no update is armed", "aiosctl update status shows the slots");
  const to = s.previous || "factory";
  return { state: { committed: to, previous: "", trial: "", tries: 0 }, what: `${to} is committed again (was ${s.committed})` };
}

/** What stage 1 does with this state at boot (init/stage1.sh is the real one; this is its contract, tested). */
export function bootChoice(s: BootState): { boot: SystemId; next: BootState; event?: string } {
  if (s.trial && s.tries > 0) return { boot: s.trial, next: { ...s, tries: s.tries - 1 } };
  if (s.trial) return { boot: s.committed, next: { ...s, trial: "", tries: 0 }, event: `fallback ${s.trial}` };
  return { boot: s.committed, next: s };
}
