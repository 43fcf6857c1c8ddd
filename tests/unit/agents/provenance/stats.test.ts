// Decision rates on real records: decisions seeded by real agent cycles, overrides by a person's
// rejection (through the executor) and a person's restore of the snapshot taken before a change.
import { afterEach, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { withSources } from "../../../../agents/provenance/sources.ts";
import { decisionStats } from "../../../../agents/provenance/stats.ts";
import { restoreSnapshot } from "../../../../runtime/snapshots/manual.ts";
import { renderDecisionStats } from "../../../../consoles/render/decisions.ts";
import { world, type World } from "../../../fixtures/agents-world.ts";

let w: World;
afterEach(async () => { await w?.close(); });

const stats = (since = 0, audit = join(w.dir, "audit.db")) => withSources(w.host.incidents, (s) => decisionStats(s, since), audit);

describe("decision stats", () => {
  it("counts tiers, escalations, unanswered decisions and a person's overrides per type", async () => {
    w = world();
    writeFileSync(join(w.files, "a.conf"), "bad\n");
    await w.cycle(); // a: rewritten by itself
    const a = w.incident("a.conf");
    await restoreSnapshot(w.ex.sys.snapshots, w.ex.sys.audit, "user:carol@aiosctl", a.actions[0]!.snapshotId!); // a person undoes it
    w.ex.setAutonomy("propose", "user:carol@aiosctl");
    writeFileSync(join(w.files, "b.conf"), "bad\n");
    writeFileSync(join(w.files, "c.conf"), "odd\n");
    await w.cycle(); // b: waits for approval; c: no tier can decide
    w.ex.decide(w.incident("b.conf").actions[0]!.approvalId!, "user:dave@aiosctl", "reject");
    await w.cycle();

    const s = stats();
    expect(s.gaps).toEqual([]);
    const bad = s.types.find((t) => t.type === "test.bad")!;
    expect(bad).toMatchObject({ decisions: 2, byTier: { reactive: 2 }, escalated: 0, unanswered: 0, escalationRate: 0, unansweredRate: 0, proposed: 2, overridden: 2, overrides: { rejected: 1, undone: 1 }, overrideRate: 1 });
    const odd = s.types.find((t) => t.type === "test.odd")!;
    expect(odd).toMatchObject({ decisions: 1, byTier: {}, escalated: 1, unanswered: 1, escalationRate: 1, unansweredRate: 1, proposed: 0, overridden: 0, overrideRate: null });
    expect(s.total).toMatchObject({ type: "all", decisions: 3, proposed: 2, overridden: 2 });
    expect(s.total.escalationRate).toBeCloseTo(1 / 3, 3);
    const text = renderDecisionStats(s);
    expect(text).toMatch(/test\.bad\s+2\s+2 \(100%\)\s+0 \(0%\)\s+0 \(0%\)\s+2\s+2 \(100%\)/);
    expect(text).toMatch(/test\.odd\s+1\s+0 \(0%\)\s+1 \(100%\)\s+1 \(100%\)\s+0\s+-\n/);
  });

  it("counts only decisions since a time, and says what it cannot know without the chain", async () => {
    w = world();
    writeFileSync(join(w.files, "a.conf"), "bad\n");
    await w.cycle();
    expect(stats(Date.now() + 60_000).types).toEqual([]);
    const s = stats(0, join(w.dir, "missing.db"));
    expect(s.types[0]).toMatchObject({ type: "test.bad", decisions: 1 });
    expect(s.types[0]!.proposed).toBeUndefined();
    expect(s.gaps[0]).toMatch(/^no audit chain: overrides are unknown/);
    expect(renderDecisionStats(s)).toContain("note: no audit chain");
  });
});
