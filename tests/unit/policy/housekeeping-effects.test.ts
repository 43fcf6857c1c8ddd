// Housekeeping effects: low risk only inside the clean-up paths, never snapshotted, still subject to
// the lock-out guard and to dangerous patterns written for "delete file".
import { describe, expect, it } from "vitest";
import { describeEffect, type Effect } from "../../../runtime/policy/effects.ts";
import { lockoutViolation } from "../../../runtime/policy/lockout.ts";
import { classify } from "../../../runtime/policy/risk.ts";
import { targetsFromEffects } from "../../../runtime/snapshots/targets.ts";

describe("housekeeping effects", () => {
  it("are low risk inside the clean-up paths and high elsewhere", () => {
    expect(classify([{ kind: "file.discard", path: "/var/lib/aios/log/web.log.1", bytes: 1 }])).toBe("low");
    expect(classify([{ kind: "file.discard", path: "/var/cache/apt/archives/a.deb", bytes: 1 }])).toBe("low");
    expect(classify([{ kind: "file.discard", path: "/var/lib/aios/aios.db", bytes: 1 }])).toBe("high");
    expect(classify([{ kind: "file.compress", path: "/var/log/a.log", to: "/var/log/a.log.1.gz", bytes: 1, then: "truncate" }])).toBe("low");
    expect(classify([{ kind: "file.compress", path: "/var/log/a.log", to: "/etc/a.gz", bytes: 1, then: "truncate" }])).toBe("high");
    expect(classify([{ kind: "db.maintain", path: "/var/lib/aios/aios.db", op: "vacuum", bytes: 1, reclaimBytes: 1 }])).toBe("low");
    expect(classify([{ kind: "snapshot.delete", id: "snap-1", bytes: 1, auto: true }])).toBe("low");
    expect(classify([{ kind: "snapshot.delete", id: "snap-1", bytes: 1, auto: false }])).toBe("high");
  });

  it("take no snapshot, read as deletes, and cannot remove root's keys", () => {
    const discard: Effect = { kind: "file.discard", path: "/root/.ssh/authorized_keys", bytes: 1 };
    expect(targetsFromEffects([discard, { kind: "db.maintain", path: "/x.db", op: "checkpoint", bytes: 1, reclaimBytes: 1 }]).files).toEqual([]);
    expect(describeEffect(discard)).toMatch(/^delete file \/root\/.ssh\/authorized_keys/);
    expect(lockoutViolation([discard])).toMatch(/cut off ssh/);
  });
});
