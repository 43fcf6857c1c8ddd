// Reactive rules, one set per finding kind: they cover every duty with no model. Disk space is won
// back in order of safety; when nothing safe is left to reclaim, a person is asked.
import { always, type Choice } from "../loop/types.ts";
import type { Rule } from "../../runtime/models/reactive/reactive-model.ts";
import { RECOVERY_STEPS, type RecoveryStep } from "./actions.ts";

const STEP_FACT: Record<RecoveryStep, string> = { compress: "compressibleBytes", prune: "prunableBytes", temp: "staleTempBytes", apt: "aptCacheBytes" };
const n = (v: unknown) => (typeof v === "number" ? v : 0);
/** Compression gives back most of a text log, not all of it. */
const gain = (step: RecoveryStep, bytes: number) => (step === "compress" ? Math.floor(bytes * 0.8) : bytes);
const pick = (f: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => f[k] !== undefined).map((k) => [k, f[k]]));
const recoveryParams = (f: Record<string, unknown>) => pick(f, ["minBytes", "keep", "olderThanDays", "olderThanHours"]);

/**
 * The smallest prefix of the safe steps whose reclaimable bytes cover what is needed; all of them when
 * none does; null when nothing is reclaimable at all.
 */
export function recoveryThrough(facts: Record<string, unknown>): RecoveryStep | null {
  const need = n(facts.needBytes);
  let total = 0, last: RecoveryStep | null = null;
  for (const step of RECOVERY_STEPS) {
    const bytes = n(facts[STEP_FACT[step]]);
    if (bytes <= 0) continue;
    total += gain(step, bytes);
    last = step;
    if (total >= need) return step;
  }
  return last;
}

const known = (f: Record<string, unknown>) => RECOVERY_STEPS.some((s) => typeof f[STEP_FACT[s]] === "number");

const recoverSpace = (f: Record<string, unknown>): Choice => {
  const through = recoveryThrough(f)!;
  return { action: "recover_space", params: { ...recoveryParams(f), through }, reason: `${f.mount} is low on space: safe steps through "${through}" give back enough or all they can` };
};

const diskRules: Rule[] = [
  always("nothing-safe-left", (f) => ({ action: "escalate", params: {}, reason: `${f.mount} is still low and nothing is left to reclaim safely (logs, temp, apt cache): a person must choose what goes` }),
    (f) => known(f) && recoveryThrough(f) === null),
  always("recover-in-order", recoverSpace, (f) => known(f)),
  // The monitor's disk.filling carries no reclaim figures: run the safe steps in order, all of them
  // when the disk fills within a day, only log retention otherwise. The loop escalates if it persists.
  always("filling-slowly", (f) => ({ action: "recover_space", params: { through: "prune" }, reason: `${f.mount} fills in ${f.hoursToFull} h: apply log rotation and retention early` }),
    (f) => typeof f.hoursToFull === "number" && f.hoursToFull >= 24),
  always("filling-fast", (f) => ({ action: "recover_space", params: { through: "apt" }, reason: `${f.mount} fills in ${f.hoursToFull ?? "?"} h: every safe step, in order` })),
];

export const rules: Record<string, Rule[]> = {
  "logs.oversize": [always("rotate", (f) => ({ action: "rotate_log", params: { path: f.path, minBytes: f.minBytes }, reason: `${f.path} is past its rotation size` }))],
  "logs.uncompressed": [always("compress", (f) => ({ action: "compress_logs", params: { minBytes: f.minBytes }, reason: `${f.files} rotated logs are not compressed` }))],
  "logs.retention": [always("prune", (f) => ({ action: "prune_logs", params: { keep: f.keep, olderThanDays: f.olderThanDays }, reason: `${f.files} rotated logs are past retention` }))],
  "temp.stale": [always("clean", (f) => ({ action: "clean_temp", params: { olderThanHours: f.olderThanHours }, reason: `${f.files} temp files are stale` }))],
  "db.bloat": [always("vacuum", (f) => ({ action: "vacuum_db", params: { path: f.path, op: f.op }, reason: `${f.path} needs a ${f.op}` }))],
  "memory.compact-due": [always("compact", () => ({ action: "compact_memory", params: {}, reason: "scheduled memory compaction" }))],
  "snapshots.excess": [always("prune", (f) => ({ action: "prune_snapshots", params: { keep: f.keep }, reason: `${f.auto} automatic snapshots, keeping ${f.keep}` }))],
  "disk.low": diskRules,
  "disk.filling": diskRules,
};
