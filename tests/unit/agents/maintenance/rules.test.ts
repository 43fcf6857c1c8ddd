// Every finding kind the maintenance agent decides on has a rule answering a Choice with a declared
// action; disk space is recovered in order of safety and escalated when nothing safe is left.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { agent } from "../../../../agents/maintenance/index.ts";
import { recoveryThrough } from "../../../../agents/maintenance/rules.ts";
import { type Choice, type Finding, factsOf } from "../../../../agents/loop/types.ts";
import { validate } from "../../../../runtime/schema/validate.ts";
import { MiB } from "./fixtures.ts";

function decide(f: Finding): Choice {
  const facts = factsOf(f);
  const rule = agent.rules[f.kind]!.find((r) => r.when(facts, {} as never));
  expect(rule, f.kind).toBeDefined();
  return rule!.answer(facts, {} as never) as Choice;
}
const finding = (kind: string, facts: Record<string, unknown>): Finding => ({ kind, key: kind, severity: "warning", summary: "", evidence: [], facts });
const low = (o: Record<string, number>) => finding("disk.low", { mount: "/var/lib/aios", compressibleBytes: 0, prunableBytes: 0, staleTempBytes: 0, aptCacheBytes: 0, keep: 5, olderThanDays: 30, olderThanHours: 240, minBytes: MiB, ...o });

describe("maintenance rules", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["logs.oversize", { path: "/var/log/a.log", minBytes: 10 }, "rotate_log"],
    ["logs.uncompressed", { files: 2, minBytes: 10 }, "compress_logs"],
    ["logs.retention", { files: 2, keep: 5, olderThanDays: 30 }, "prune_logs"],
    ["temp.stale", { files: 2, olderThanHours: 240 }, "clean_temp"],
    ["db.bloat", { path: "/var/lib/aios/aios.db", op: "vacuum" }, "vacuum_db"],
    ["memory.compact-due", {}, "compact_memory"],
    ["snapshots.excess", { auto: 30, keep: 20 }, "prune_snapshots"],
  ];
  it.each(cases)("%s → %s with valid params", (kind, facts, action) => {
    const c = decide(finding(kind, facts));
    expect(c.action).toBe(action);
    expect(validate(agent.actions[action]!.params, c.params)).toEqual([]);
    expect(c.reason.length).toBeGreaterThan(5);
  });

  it("covers every decision the declaration lists", () => {
    const toml = readFileSync(join(import.meta.dirname, "../../../../image/agents/maintenance.toml"), "utf8");
    const decisions = JSON.parse(/^decisions = (\[.*\])$/m.exec(toml)![1]!) as string[];
    for (const d of decisions) expect(agent.rules[d]?.length, d).toBeGreaterThan(0);
    expect(Object.keys(agent.rules).sort()).toEqual([...decisions].sort());
  });

  it("disk.low: the smallest prefix of safe steps that covers the need, in order", () => {
    expect(decide(low({ needBytes: 5 * MiB, compressibleBytes: 10 * MiB, aptCacheBytes: 50 * MiB })).params).toMatchObject({ through: "compress" });
    expect(decide(low({ needBytes: 20 * MiB, compressibleBytes: 10 * MiB, prunableBytes: 5 * MiB, staleTempBytes: 9 * MiB, aptCacheBytes: 50 * MiB })).params).toMatchObject({ through: "temp" });
    expect(decide(low({ needBytes: 20 * MiB, aptCacheBytes: 50 * MiB })).params).toMatchObject({ through: "apt" });
    expect(decide(low({ needBytes: 900 * MiB, prunableBytes: MiB })).params).toMatchObject({ through: "prune", keep: 5 });
  });

  it("disk.low: escalates when nothing safe is left", () => {
    expect(decide(low({ needBytes: 5 * MiB }))).toMatchObject({ action: "escalate" });
    expect(recoveryThrough({ needBytes: 1 })).toBeNull();
  });

  it("disk.filling from the monitor: all safe steps when it fills within a day, log retention otherwise", () => {
    const fast = decide(finding("disk.filling", { mount: "/var/lib/aios", usedBytes: 9, totalBytes: 10, hoursToFull: 3 }));
    expect(fast).toMatchObject({ action: "recover_space", params: { through: "apt" } });
    expect(agent.actions.recover_space!.calls(fast.params, finding("disk.filling", {})).map((c) => c.tool)).toEqual(["logs.compress", "logs.prune", "temp.clean", "apt.clean"]);
    const slow = decide(finding("disk.filling", { mount: "/", usedBytes: 5, totalBytes: 10, hoursToFull: 200 }));
    expect(agent.actions.recover_space!.calls(slow.params, finding("disk.filling", {})).map((c) => c.tool)).toEqual(["logs.compress", "logs.prune"]);
  });
});
