// A sample of the degraded-mode campaign (bench/campaigns/degraded.ts), each case on a real ext4 (loop) or tmpfs in
// a private mount namespace: a full state disk and a damaged aios.db give clear one-line errors, status
// names the cause, the appliance recovers, and no audit entry is lost.
import { describe, expect, it } from "vitest";
import { canMount, runCase } from "../../../bench/campaigns/degraded/spawn.ts";

const mountable = canMount();

describe.skipIf(!mountable)(`degraded modes on real filesystems${mountable ? "" : " (skipped: needs root and unshare -m)"}`, () => {
  it("a full state disk: aiosctl tool call and snapshot say so in one line; status says full; it recovers with nothing lost", async () => {
    const o = await runCase("disk-full");
    expect(o.outcome).toMatch(/^tool call: state disk full: .*\| snapshot: state disk full: /);
    expect(o).toMatchObject({ clear: true, status: "state disk full", recovered: true, auditLost: 0 });
  }, 60_000);

  it("a read-only state disk: the same, as read-only, and the audit log still reads", async () => {
    const o = await runCase("read-only");
    expect(o.outcome).toMatch(/^tool call: state disk read-only: .*audit readable: yes$/);
    expect(o).toMatchObject({ clear: true, status: "state disk read-only", recovered: true, auditLost: 0 });
  }, 60_000);

  it("aios.db with pages overwritten: a clear error, then the state check moves it aside, status says where, and the audit chain is whole", async () => {
    const o = await runCase("aios.db-corrupt");
    expect(o.outcome).toMatch(/^tool call: database damaged: .*aios\.db \| state-check: /);
    expect(o.status).toMatch(/^aios\.db was corrupt: moved aside to .*aios\.db\.corrupt-\d{8}T\d{6}Z$/);
    expect(o).toMatchObject({ clear: true, recovered: true, auditLost: 0 });
  }, 60_000);

  it("audit.db with a leaf page overwritten: verify names the entry, the state check keeps the file and the new chain says where the old one broke", async () => {
    const o = await runCase("audit.db-corrupt");
    const at = /BROKEN at entry (\d+): entry \1 cannot be read/.exec(o.outcome)?.[1];
    expect(at).toBeDefined();
    expect(o.outcome).toMatch(new RegExp(`after the state check: OK \\(\\d+ entries.*continues from a damaged audit file, kept as .*audit\\.db\\.corrupt-\\S+: its chain verified ${Number(at) - 1} entries and breaks at entry ${at}`));
    expect(o.status).toMatch(new RegExp(`^audit\\.db was damaged \\(its chain breaks at entry ${at}\\)`));
    expect(o).toMatchObject({ clear: true, recovered: true });
    expect(o.auditLost).toBeGreaterThan(0);
    expect(o.auditLost).toBeLessThan(50); // one leaf page's entries, not the chain after it
  }, 60_000);
});
