// Each maintenance detector on plain observations: what it raises, what it leaves alone, and facts
// that carry the thresholds the rules need.
import { describe, expect, it } from "vitest";
import { dbBloat, diskLow, logsOversize, logsRetention, logsUncompressed, snapshotsExcess, tempStale } from "../../../../agents/maintenance/detectors.ts";
import { jobs } from "../../../../agents/maintenance/jobs.ts";
import { ctx, file, MiB, obs } from "./fixtures.ts";

const db = (o: Partial<{ pages: number; freePages: number; walBytes: number }>) => ({ path: "/var/lib/aios/aios.db", bytes: 4096 * (o.pages ?? 1000), walBytes: o.walBytes ?? 0, pageSize: 4096, pages: o.pages ?? 1000, freePages: o.freePages ?? 0, autoVacuum: 0 });

describe("maintenance detectors", () => {
  it("logs.oversize: live text logs at the rotation size, not rotated or binary ones", () => {
    const o = obs({ logs: [file("/var/log/big.log", 11 * MiB), file("/var/log/small.log", MiB), file("/var/log/big.log.1", 50 * MiB), file("/var/log/wtmp", 20 * MiB), file("/var/log/x/aios.db", 90 * MiB)] });
    const f = logsOversize.detect(o, ctx());
    expect(f).toEqual([expect.objectContaining({ kind: "logs.oversize", key: "logs.oversize:/var/log/big.log", facts: { path: "/var/log/big.log", bytes: 11 * MiB, minBytes: 10 * MiB } })]);
    expect(logsOversize.detect(o, ctx({ rotate_bytes: 100 * MiB }))).toEqual([]);
  });

  it("logs.uncompressed: rotated logs still plain text", () => {
    const o = obs({ logs: [file("/var/lib/aios/log/web.log.1", MiB), file("/var/log/a.log.2.gz", MiB), file("/var/log/a.log", 5)] });
    expect(logsUncompressed.detect(o, ctx())).toEqual([expect.objectContaining({ kind: "logs.uncompressed", facts: { files: 1, bytes: MiB, minBytes: 10 * MiB } })]);
    expect(logsUncompressed.detect(obs({ logs: [file("/var/log/a.log.2.gz", 1)] }), ctx())).toEqual([]);
  });

  it("logs.retention: beyond the newest N per log, or too old", () => {
    const rotated = [1, 2, 3, 4].map((d) => file(`/var/log/a.log.${d}.gz`, 100, d));
    const o = obs({ logs: [...rotated, file("/var/log/b.log.1.gz", 7, 40), file("/var/log/c.log.1.gz", 9, 1)] });
    const [f] = logsRetention.detect(o, ctx({ keep_rotated: 2 }));
    expect(f).toMatchObject({ kind: "logs.retention", facts: { files: 3, bytes: 207, keep: 2, olderThanDays: 30 } });
    expect(f!.evidence).toEqual(expect.arrayContaining(["/var/log/a.log.3.gz", "/var/log/a.log.4.gz", "/var/log/b.log.1.gz"]));
    expect(logsRetention.detect(obs({ logs: rotated }), ctx())).toEqual([]);
  });

  it("temp.stale: untouched for the age, guarded files never counted", () => {
    const o = obs({ temp: [file("/tmp/old", 10, 11), file("/tmp/new", 10, 1), file("/tmp/keep.db", 10, 90), file("/tmp/models/w.bin", 10, 90)] });
    expect(tempStale.detect(o, ctx())).toEqual([expect.objectContaining({ kind: "temp.stale", facts: { files: 1, bytes: 10, olderThanHours: 240 }, evidence: ["/tmp/old"] })]);
    expect(tempStale.detect(o, ctx({ temp_age_days: 30 }))).toEqual([]);
  });

  it("db.bloat: free pages past a share and a size → vacuum; a big WAL → checkpoint", () => {
    expect(dbBloat.detect(obs({ dbs: [db({ pages: 10_000, freePages: 4000 })] }), ctx())).toMatchObject([{ kind: "db.bloat", key: "db.bloat:/var/lib/aios/aios.db", facts: { op: "vacuum", freeBytes: 4000 * 4096 } }]);
    expect(dbBloat.detect(obs({ dbs: [db({ pages: 10_000, freePages: 100, walBytes: 70 * MiB })] }), ctx())).toMatchObject([{ facts: { op: "checkpoint" } }]);
    expect(dbBloat.detect(obs({ dbs: [db({ pages: 1000, freePages: 900 })] }), ctx())).toEqual([]); // 3.5 MiB: too small to bother
  });

  it("snapshots.excess: automatic ones beyond keep; manual ones do not count", () => {
    const snaps = [...Array.from({ length: 4 }, (_, i) => ({ id: `snap-${i}`, createdAt: i, auto: true })), { id: "snap-m", createdAt: 9, auto: false }];
    expect(snapshotsExcess.detect(obs({ snapshots: snaps }), ctx({ keep_auto_snapshots: 3 }))).toMatchObject([{ kind: "snapshots.excess", facts: { auto: 4, keep: 3 } }]);
    expect(snapshotsExcess.detect(obs({ snapshots: snaps }), ctx({ keep_auto_snapshots: 4 }))).toEqual([]);
  });

  it("disk.low: below the share free, with reclaimable bytes per safe step on that mount", () => {
    const o = obs({
      disks: [{ mount: "/var/lib/aios", path: "/var/lib/aios", totalBytes: 1000 * MiB, freeBytes: 40 * MiB }, { mount: "/", path: "/", totalBytes: 1000 * MiB, freeBytes: 500 * MiB }],
      logs: [file("/var/lib/aios/log/web.log", 3 * MiB), file("/var/lib/aios/log/web.log.1", MiB), file("/var/log/syslog", 30 * MiB)],
      temp: [file("/var/lib/aios/scratch/old", 2 * MiB, 20), file("/tmp/old", 5 * MiB, 20)],
      apt: [file("/var/cache/apt/archives/a.deb", 7 * MiB)],
    });
    const f = diskLow.detect(o, ctx());
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: "disk.low", key: "disk.low:/var/lib/aios", severity: "critical", facts: {
      mount: "/var/lib/aios", needBytes: 60 * MiB, compressibleBytes: 4 * MiB, prunableBytes: 0, staleTempBytes: 2 * MiB, aptCacheBytes: 0, keep: 5,
    } });
  });

  it("jobs return the findings that trigger their action", () => {
    const o = obs({ logs: [file("/var/log/big.log", 11 * MiB)], dbs: [db({ freePages: 1 }), { ...db({}), path: "/x.db", walBytes: 10 }] });
    expect(jobs["rotate-logs"]!(o, ctx()).map((f) => f.kind)).toEqual(["logs.oversize"]);
    expect(jobs.vacuum!(o, ctx()).map((f) => f.facts.op)).toEqual(["vacuum", "checkpoint"]);
    expect(jobs["compact-memory"]!(o, ctx())).toMatchObject([{ kind: "memory.compact-due" }]);
    expect(jobs["clean-temp"]!(o, ctx())).toEqual([]);
  });
});
