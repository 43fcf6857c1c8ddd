// The actions a maintenance decision can name, and the tool calls each becomes. recover_space runs the
// safe steps in order of safety (rotate+compress, prune rotated logs, stale temp, apt cache) up to a
// chosen step; each step is its own audited call whose plan previews exact files and bytes.
import { s } from "../../tools/schema.ts";
import type { ActionSpec, ToolCall } from "../loop/types.ts";
import { DEFAULTS } from "./settings.ts";

export const RECOVERY_STEPS = ["compress", "prune", "temp", "apt"] as const;
export type RecoveryStep = (typeof RECOVERY_STEPS)[number];

const num = (v: unknown, d: number) => (typeof v === "number" && Number.isFinite(v) ? v : d);

function stepCall(step: RecoveryStep, p: Record<string, unknown>): ToolCall {
  switch (step) {
    case "compress": return { tool: "logs.compress", input: { minBytes: num(p.minBytes, DEFAULTS.emergencyRotateBytes) } };
    case "prune": return { tool: "logs.prune", input: { keep: num(p.keep, DEFAULTS.keepRotated), olderThanDays: num(p.olderThanDays, DEFAULTS.rotatedMaxDays) } };
    case "temp": return { tool: "temp.clean", input: { olderThanHours: num(p.olderThanHours, DEFAULTS.tempAgeDays * 24) } };
    case "apt": return { tool: "apt.clean", input: {} };
  }
}

const size = (d: string) => s.int(d, 0, 2 ** 40);

export const actions: Record<string, ActionSpec> = {
  rotate_log: {
    description: "Rotate one live log into a gzip file and truncate it.",
    params: s.object({ path: s.string("the log", { pattern: "^/" }), minBytes: size("rotate only if at least this big") }),
    calls: (p) => [{ tool: "logs.compress", input: { paths: [p.path], minBytes: Math.max(1, num(p.minBytes, 1)) } }],
  },
  compress_logs: {
    description: "Gzip rotated logs left uncompressed (and rotate live logs past the size limit).",
    params: s.object({ minBytes: size("rotate live logs at least this big") }),
    calls: (p) => [stepCall("compress", p)],
  },
  prune_logs: {
    description: "Delete rotated logs beyond the newest N per log or older than some days.",
    params: s.object({ keep: s.int("kept per log", 0, 1000), olderThanDays: s.int("max age in days", 0, 3650) }),
    calls: (p) => [stepCall("prune", p)],
  },
  clean_temp: {
    description: "Delete temp files untouched for some hours in the declared clean-up paths.",
    params: s.object({ olderThanHours: s.int("age in hours", 1, 24 * 3650) }),
    calls: (p) => [stepCall("temp", p)],
  },
  clean_apt: {
    description: "Delete apt's downloaded package files.",
    params: s.object({}),
    calls: () => [stepCall("apt", {})],
  },
  vacuum_db: {
    description: "Checkpoint a database's WAL, or vacuum its free pages away.",
    params: s.object({ path: s.string("database", { pattern: "^/" }), op: s.enum(["checkpoint", "vacuum"]) }),
    calls: (p) => [{ tool: "db.vacuum", input: { path: p.path, op: p.op } }],
  },
  compact_memory: {
    description: "Drop agent memory past its retention.",
    params: s.object({}),
    calls: () => [{ tool: "memory.compact", input: {} }],
  },
  prune_snapshots: {
    description: "Delete automatic snapshots beyond the newest N.",
    params: s.object({ keep: s.int("automatic snapshots kept", 1, 1000) }),
    calls: (p) => [{ tool: "snapshots.prune", input: { keep: num(p.keep, DEFAULTS.keepAutoSnapshots) } }],
  },
  recover_space: {
    description: "Recover disk space in order of safety: rotate+compress logs, prune rotated logs, stale temp files, apt cache; up to `through`.",
    params: s.object({
      through: s.enum([...RECOVERY_STEPS], "the last step to run"),
      minBytes: size("rotate live logs at least this big"), keep: s.int("rotated logs kept per log", 0, 1000),
      olderThanDays: s.int("rotated log max age", 0, 3650), olderThanHours: s.int("temp file age in hours", 1, 24 * 3650),
    }, ["through"]),
    calls: (p) => RECOVERY_STEPS.slice(0, RECOVERY_STEPS.indexOf(p.through as RecoveryStep) + 1).map((step) => stepCall(step, p)),
  },
};
