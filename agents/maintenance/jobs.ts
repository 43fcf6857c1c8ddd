// Scheduled work: each job returns the findings that trigger its action. Jobs reuse the detectors
// where a threshold applies, and lower the bar where the schedule itself is the reason (vacuum, memory).
import type { AgentContext, Detector, Finding } from "../loop/types.ts";
import { dbBloat, logsOversize, logsRetention, logsUncompressed, snapshotsExcess, tempStale } from "./detectors.ts";
import type { MaintObs } from "./observe.ts";
import { readSettings } from "./settings.ts";

const run = (obs: MaintObs, ctx: AgentContext, ds: Detector<MaintObs>[]) => ds.flatMap((d) => d.detect(obs, { ...ctx, history: [] }));

export const jobs: Record<string, (obs: MaintObs, ctx: AgentContext) => Finding[]> = {
  "rotate-logs": (obs, ctx) => run(obs, ctx, [logsOversize, logsUncompressed, logsRetention]),
  "clean-temp": (obs, ctx) => run(obs, ctx, [tempStale]),
  "snapshot-retention": (obs, ctx) => run(obs, ctx, [snapshotsExcess]),
  /** Weekly: every database with free pages is vacuumed, every one with a WAL checkpointed. */
  vacuum: (obs) => obs.dbs.flatMap((d): Finding[] => {
    const op = d.freePages > 0 ? "vacuum" : d.walBytes > 0 ? "checkpoint" : null;
    if (!op) return [];
    return [{ kind: "db.bloat", key: `db.bloat:${d.path}`, severity: "info", summary: `scheduled ${op} of ${d.path}`,
      evidence: [`free pages ${d.freePages}, wal ${d.walBytes} bytes`], facts: { path: d.path, op, freeBytes: d.freePages * d.pageSize, walBytes: d.walBytes, bytes: d.bytes, scheduled: true } }];
  }),
  "compact-memory": (_obs, ctx) => {
    const s = readSettings(ctx.settings);
    return [{ kind: "memory.compact-due", key: "memory.compact-due", severity: "info", summary: "scheduled memory compaction", evidence: [], facts: { db: s.databases[0] } }];
  },
};
