// A sample of the power-cut campaign (bench/campaigns/power: 20 cuts): the appliance writes its audit
// log, configuration and agents' state; QEMU is killed hard mid-write; on the next boot every database
// is whole, the audit chain verifies, and every write acknowledged before the cut is there.
import { describe, expect, it } from "vitest";
import { freePort, newDisk, scratch } from "./helpers.ts";
import { formatCuts, runCuts, type Rig } from "../../bench/campaigns/power/campaign.ts";

describe("a power cut while the appliance writes", () => {
  const dir = scratch();
  let rig: Rig;

  it("boots again with whole databases, a verifying audit chain and no acknowledged write lost", async () => {
    rig = { dir, disk: await newDisk(`${dir}/state.qcow2`), sshPort: freePort(), boots: 0 };
    const [r] = await runCuts(rig, 1, 8000, Date.now() % 1000);
    const report = formatCuts(r ? [r] : []);
    console.log(report);
    expect(r, report).toBeDefined();
    expect(r!.booted, report).toBe(true);
    expect(r!.acks.audit.length + r!.acks.config.length + r!.acks.memory.length, report).toBeGreaterThan(0);
    expect(r!.dbs.length, report).toBeGreaterThan(0);
    expect(r!.dbs.filter((d) => !d.ok), report).toEqual([]);
    expect(r!.chainOk, report).toBe(true);
    expect(r!.lost, report).toEqual([]);
  });
});
