// A sample of the power-cut campaign (bench/campaigns/power: 24 cuts over the writers, package installs
// and updates; an update cut is sampled in update.test.ts): the appliance installs and removes packages
// from a local apt repository; QEMU is killed hard mid-install; on the next boot every database is
// whole, the audit chain verifies, dpkg is whole (or the appliance repaired it itself), and every
// install or removal acknowledged before the cut holds.
import { describe, expect, it } from "vitest";
import { freePort, newDisk, scratch } from "./helpers.ts";
import { runCuts, type Rig } from "../../bench/campaigns/power/campaign.ts";
import { formatCuts } from "../../bench/campaigns/power/report.ts";

describe("a power cut while the appliance installs packages", () => {
  const dir = scratch();
  let rig: Rig;

  it("boots again with whole databases and dpkg, a verifying audit chain and no acknowledged install lost", async () => {
    rig = { dir, disk: await newDisk(`${dir}/state.qcow2`), sshPort: freePort(), boots: 0 };
    const [r] = await runCuts(rig, { cuts: 1, maxMs: 12_000, seed: Date.now() % 1000, workloads: ["packages"] });
    const report = formatCuts(r ? [r] : []);
    console.log(report);
    expect(r, report).toBeDefined();
    expect(r!.booted, report).toBe(true);
    expect(r!.dbs.length, report).toBeGreaterThan(0);
    expect(r!.dbs.filter((d) => !d.ok), report).toEqual([]);
    expect(r!.chainOk, report).toBe(true);
    expect(r!.lost, report).toEqual([]);
  });
});
