import { describe, expect, it } from "vitest";
import { dctx, obs } from "../fixture.ts";
import type { DiskObs } from "../observation.ts";
import { diskFilling, diskHealth } from "./disk.ts";

const GiB = 1024 ** 3;
const disk = (bytesPerHour: number, part: Partial<DiskObs> = {}): DiskObs => ({
  path: "/var/lib/aios", totalBytes: 10 * GiB, usedBytes: 7 * GiB, fit: { bytesPerSecond: bytesPerHour / 3600, samples: 720, spanS: 3600 }, ...part,
});

describe("disk.filling", () => {
  it("forecasts full from the fill rate, owned by the maintenance agent", () => {
    const f = diskFilling.detect(obs(1, { disk: disk(1 * GiB) }), dctx());
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: "disk.filling", key: "disk.filling:/var/lib/aios", owner: "maintenance", summary: "state disk full in ~3 h", severity: "warning", facts: { hours_to_full: 3, used_percent: 70 } });
  });

  it("is critical within the hour", () => {
    expect(diskFilling.detect(obs(1, { disk: disk(6 * GiB) }), dctx())[0]).toMatchObject({ severity: "critical", summary: "state disk full in ~30 min" });
  });

  it("is quiet when full is beyond forecast_hours, shrinking, or the data too thin", () => {
    expect(diskFilling.detect(obs(1, { disk: disk(0.1 * GiB) }), dctx())).toEqual([]); // 30 h
    expect(diskFilling.detect(obs(1, { disk: disk(0.1 * GiB) }), dctx([], { forecast_hours: 48 }))).toHaveLength(1);
    expect(diskFilling.detect(obs(1, { disk: disk(-1 * GiB) }), dctx())).toEqual([]);
    expect(diskFilling.detect(obs(1, { disk: disk(1 * GiB, { fit: { bytesPerSecond: GiB, samples: 3, spanS: 10 } }) }), dctx())).toEqual([]);
    expect(diskFilling.detect(obs(1, { disk: disk(1 * GiB, { fit: null }) }), dctx())).toEqual([]);
  });
});

describe("disk.health", () => {
  it("is quiet without smartctl, for disks without SMART and for healthy ones", () => {
    expect(diskHealth.detect(obs(1), dctx())).toEqual([]);
    const smart = { available: true as const, at: 1, devices: [{ device: "/dev/vda", supported: false }, { device: "/dev/sda", supported: true, passed: true, reallocated: 0 }] };
    expect(diskHealth.detect(obs(1, { smart }), dctx())).toEqual([]);
  });

  it("fires critical on a failed health check and warns on reallocated sectors", () => {
    const smart = { available: true as const, at: 1, devices: [{ device: "/dev/sda", supported: true, passed: false, reallocated: 8 }, { device: "/dev/sdb", supported: true, passed: true, pending: 2 }] };
    const f = diskHealth.detect(obs(1, { smart }), dctx());
    expect(f.map((x) => [x.key, x.severity])).toEqual([["disk.health:/dev/sda", "critical"], ["disk.health:/dev/sdb", "warning"]]);
    expect(f[0]!.evidence).toEqual(["SMART overall health check FAILED", "8 reallocated sectors"]);
  });
});
