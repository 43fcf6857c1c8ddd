// The state-disk forecast from a real samples table: the sampler's own rows, then an hour of rows
// growing 1 GiB/h towards a 10 GiB disk with 3 GiB left, which the monitor forecasts full in ~3 h
// and hands to the maintenance agent.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { openDatabase } from "../../../runtime/db/open.ts";
import { countSamples, insertSample, type Sample } from "../../../runtime/metrics/samples.ts";
import { monitorAgent, openSampler, takeSample } from "../../../agents/monitor/index.ts";
import { MonitorDriver } from "./monitor-fixture.ts";

const GiB = 1024 ** 3;

describe("monitor: state disk fill forecast", () => {
  const dir = mkdtempSync(`${tmpdir()}/aios-mon-disk-`);
  const db = openDatabase(`${dir}/aios.db`);
  afterAll(() => { db.close(); rmSync(dir, { recursive: true, force: true }); });
  const settings = { control_socket: `${dir}/no-init.sock`, state_dir: "/var/lib/aios" };

  it("keeps today's sampler working: one real sample per step", () => {
    const sampler = openSampler(db, dir);
    const s = takeSample(sampler);
    expect(countSamples(db)).toBe(1);
    expect(s.disk_total).toBeGreaterThan(0);
    expect(s.mem_total).toBeGreaterThan(s.mem_used);
  });

  it("says nothing from a flat disk", async () => {
    const driver = new MonitorDriver(monitorAgent({ samples: () => db }), settings);
    const findings = await driver.cycle();
    expect(findings.filter((f) => f.kind === "disk.filling")).toEqual([]);
  });

  it("forecasts full in ~3 h by least squares over the window, owned by maintenance", async () => {
    db.run("DELETE FROM monitor_samples");
    const now = Date.now();
    const row = (ts: number, used: number): Sample => ({ ts, boot_id: "b", cpu_pct: 1, load1: 0.1, mem_total: 4 * GiB, mem_used: GiB, disk_total: 10 * GiB, disk_used: Math.round(used), net_rx: 0, net_tx: 0 });
    // An old sample outside the window that would drag the fit if the window were ignored.
    insertSample(db, row(now - 5 * 3600_000, 9 * GiB));
    // An hour every 30 s at 1 GiB/h, with some jitter either side of the line, ending at 7 GiB used.
    for (let i = 119; i >= 0; i--) insertSample(db, row(now - i * 30_000, 7 * GiB - (i * 30 / 3600) * GiB + (i % 2 ? 1 : -1) * 4 * 1024 ** 2));
    const driver = new MonitorDriver(monitorAgent({ samples: () => db }), settings);
    const [f] = (await driver.cycle()).filter((x) => x.kind === "disk.filling");
    expect(f).toMatchObject({ kind: "disk.filling", key: "disk.filling:/var/lib/aios", owner: "maintenance", summary: "state disk full in ~3 h", severity: "warning" });
    expect(f!.facts.hours_to_full).toBeCloseTo(3, 0);
    expect(f!.facts.bytes_per_hour as number / GiB).toBeCloseTo(1, 1);
    expect(f!.facts.samples).toBe(120);
    expect((await driver.choose(f!)).action).toBe("escalate"); // only if maintenance never takes it
  });
});
