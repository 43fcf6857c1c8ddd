// The A/B state machine, as pure functions over the boot environment (grubenv.ts stores it):
//   aios_committed  the system that boots by default: factory (the boot medium's own), a or b
//   aios_previous   what was committed before it (rollback's target)
//   aios_try        a slot armed for trial boots; aios_tries how many boots it still gets
//   aios_factory    "no" on an installed disk (aiosctl install): its GRUB boots slot a or b, nothing else
// Stage 1 spends a try before it boots the trial slot; the new system commits itself once healthy.
// A trial whose tries are spent without a commit is dropped by stage 1 (the fallback).
import { UserError } from "../errors.ts";
import type { GrubEnv } from "./grubenv.ts";

export type SlotId = "a" | "b";
export type SystemId = SlotId | "factory";
export const SLOTS: readonly SlotId[] = ["a", "b"];

export interface BootState {
  /** Whether a factory system exists to go back to: the boot medium's own, yes; an installed disk, no. */
  factory: boolean;
  committed: SystemId;
  previous: SystemId | "";
  trial: SlotId | "";
  tries: number;
}

const asSlot = (v: string | undefined): SlotId | "" => (v === "a" || v === "b" ? v : "");

/**
 * A missing aios_factory is the medium's (state disks from before installs existed). Without a factory
 * system, a name that is no slot means what the installed GRUB does with it: committed boots slot a
 * (grub-cfg.ts), previous names nothing. Stage 1 reads it the same way (init/stage1.sh, read_env).
 */
export function stateOf(env: GrubEnv): BootState {
  const factory = env.aios_factory !== "no";
  const tries = Number.parseInt(env.aios_tries ?? "0", 10);
  const committed: SystemId = asSlot(env.aios_committed) || (factory ? "factory" : "a");
  const previous: SystemId | "" = !env.aios_previous ? "" : asSlot(env.aios_previous) || (factory ? "factory" : "");
  return { factory, committed, previous, trial: asSlot(env.aios_try), tries: Number.isFinite(tries) && tries > 0 ? tries : 0 };
}

/** Keeps keys it does not own (an installed system's GRUB may add its own). */
export function envOf(s: BootState, base: GrubEnv = {}): GrubEnv {
  return { ...base, aios_committed: s.committed, aios_previous: s.previous, aios_try: s.trial, aios_tries: String(s.tries), aios_factory: s.factory ? "yes" : "no" };
}

/**
 * The slot an update goes into: never the running system, never the committed one. When those are the
 * two slots (a trial runs that is not committed yet, or a rollback waits for the next boot), none is free.
 */
export function inactiveSlot(s: BootState, running: SystemId): SlotId {
  const free = SLOTS.find((x) => x !== running && x !== s.committed);
  if (!free) throw new UserError(`no slot is free for an update: slot ${running} runs and slot ${s.committed} is committed`, running === s.trial ? `commit the running trial first (aiosctl update commit), or reboot to fall back to slot ${s.committed}` : `reboot into the committed slot ${s.committed} first`);
  return free;
}

/** The slot an update is about to overwrite: no boot (an armed trial) and no rollback (previous) may pick it any more. */
export function release(s: BootState, slot: SlotId): BootState {
  return { ...s, ...(s.trial === slot ? { trial: "" as const, tries: 0 } : {}), ...(s.previous === slot ? { previous: "" as const } : {}) };
}

export function arm(s: BootState, slot: SlotId, tries = 1): BootState {
  return { ...s, trial: slot, tries };
}

/** The trial slot passed its checks: it becomes the default, and what was committed is kept as the way back. */
export function commit(s: BootState, slot: SlotId): BootState {
  return { ...s, committed: slot, previous: s.committed === slot ? s.previous : s.committed, trial: "", tries: 0 };
}

export interface Rollback { state: BootState; what: string }

/** An armed trial is disarmed; otherwise the previous system (else the factory one, where there is one) becomes the committed one again. */
export function rollback(s: BootState): Rollback {
  if (s.trial) return { state: { ...s, trial: "", tries: 0 }, what: `the trial of slot ${s.trial} is disarmed; ${s.committed} stays` };
  const to = s.previous || (s.factory && s.committed !== "factory" ? "factory" : "");
  if (!to) {
    const hint = "aiosctl update status shows the slots; aiosctl update <bundle> writes a system into the other slot";
    if (s.committed === "factory") throw new UserError("nothing to roll back: the factory system is committed and no update is armed", hint);
    throw new UserError(`nothing to roll back to: slot ${s.committed} is committed, no update is armed, and no system was committed before it${s.factory ? "" : " (an installed disk has no factory system, only slots a and b)"}`, hint);
  }
  return { state: { ...s, committed: to, previous: "", trial: "", tries: 0 }, what: `${to} is committed again (was ${s.committed})` };
}

/** What stage 1 does with this state at boot (init/stage1.sh is the real one; this is its contract, tested). */
export function bootChoice(s: BootState): { boot: SystemId; next: BootState; event?: string } {
  if (s.trial && s.tries > 0) return { boot: s.trial, next: { ...s, tries: s.tries - 1 } };
  if (s.trial) return { boot: s.committed, next: { ...s, trial: "", tries: 0 }, event: `fallback ${s.trial}` };
  return { boot: s.committed, next: s };
}
