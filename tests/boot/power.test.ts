// A sample of the power-cut campaign (bench/campaigns/power: 24 cuts, taking turns over the writers,
// package installs and updates; an update cut is sampled in update.test.ts): the appliance writes its
// audit log, configuration and agents' state; QEMU is killed hard mid-write; on the next boot every
// database is whole, the audit chain verifies, and every write acknowledged before the cut is there.
// The writers, not a package install: an install cut may leave dpkg half-done, and waiting for the
// appliance to repair it (~40 s under TCG) would cost CI more than this sample may.
import { describe, expect, it } from "vitest";
import { freePort, newDisk, scratch } from "./helpers.ts";
import { runCuts, type Rig } from "../../bench/campaigns/power/campaign.ts";
import { formatCuts } from "../../bench/campaigns/power/report.ts";

describe("a power cut while the appliance writes", () => {
  const dir = scratch();
  let rig: Rig;

  it("boots again with whole databases, a verifying audit chain and no acknowledged write lost", async () => {
    rig = { dir, disk: await newDisk(`${dir}/state.qcow2`), sshPort: freePort(), boots: 0 };
    const [r] = await runCuts(rig, { cuts: 1, maxMs: 8000, seed: Date.now() % 1000, workloads: ["writers"] });
    const report = formatCuts(r ? [r] : []);
    console.log(report);
    expect(r, report).toBeDefined();
    expect(r!.booted, report).toBe(true);
    expect(Object.values(r!.acks).flat().length, report).toBeGreaterThan(0);
    expect(r!.dbs.length, report).toBeGreaterThan(0);
    expect(r!.dbs.filter((d) => !d.ok), report).toEqual([]);
    expect(r!.chainOk, report).toBe(true);
    expect(r!.lost, report).toEqual([]);
  });
});
