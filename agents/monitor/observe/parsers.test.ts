import { describe, expect, it } from "vitest";
import { humanDuration, secondsToFull, slope } from "../forecast.ts";
import { parseOomKills, parsePsi } from "./memory.ts";
import { parsePidStat } from "./procs.ts";
import { nextSeen } from "./services.ts";
import { parseSmart, readSmart } from "./smart.ts";
import { DryRunner } from "../../../runtime/proc/exec.ts";
import { MapMemo } from "../fixture.ts";

describe("observer parsers", () => {
  it("reads /proc/<pid>/stat even when comm holds spaces and parentheses", () => {
    const st = parsePidStat("4242 (evil) name (x)) R 1 4242 4242 0 -1 4194304 100 0 0 0 1500 250 0 0 20 0 1 0 98765 1000000 512 18446744073709551615");
    expect(st).toEqual({ pid: 4242, name: "evil) name (x)", state: "R", ppid: 1, ticks: 1750, start: 98765, rssKb: 2048 });
  });

  it("reads PSI and the oom_kill counter, and says when they are missing", () => {
    expect(parsePsi("some avg10=1.50 avg60=2.00 avg300=0.10 total=5\nfull avg10=0.50 avg60=0.25 avg300=0.00 total=1\n"))
      .toEqual({ someAvg10: 1.5, someAvg60: 2, fullAvg10: 0.5, fullAvg60: 0.25 });
    expect(parsePsi("garbage")).toBeNull();
    expect(parseOomKills("pgfault 5\noom_kill 3\n")).toBe(3);
    expect(parseOomKills("pgfault 5\n")).toBeNull();
  });

  it("fits a fill rate by least squares and turns it into time to full", () => {
    expect(slope([{ t: 0, y: 10 }, { t: 10, y: 30 }, { t: 20, y: 50 }])).toBe(2);
    expect(slope([{ t: 0, y: 1 }, { t: 10, y: 4 }, { t: 20, y: 5 }])).toBeCloseTo(0.2);
    expect(slope([{ t: 5, y: 1 }])).toBeNull();
    expect(secondsToFull(70, 100, 10)).toBe(3);
    expect(secondsToFull(70, 100, 0)).toBe(Infinity);
    expect([humanDuration(1800), humanDuration(3 * 3600 + 600), humanDuration(5 * 86400)]).toEqual(["~30 min", "~3 h", "~5 d"]);
  });

  it("reads smartctl JSON for ATA and NVMe disks, and disks without SMART", () => {
    const ata = JSON.stringify({ smart_status: { passed: false }, ata_smart_attributes: { table: [{ id: 5, raw: { value: 12 } }, { id: 197, raw: { value: 1 } }] } });
    expect(parseSmart("/dev/sda", ata)).toEqual({ device: "/dev/sda", supported: true, passed: false, reallocated: 12, pending: 1 });
    const nvme = JSON.stringify({ smart_status: { passed: true }, nvme_smart_health_information_log: { critical_warning: 0, media_errors: 0, percentage_used: 93 } });
    expect(parseSmart("/dev/nvme0", nvme)).toMatchObject({ supported: true, percentUsed: 93, nvmeCriticalWarning: 0 });
    expect(parseSmart("/dev/vda", JSON.stringify({ smart_support: { available: false } }))).toEqual({ device: "/dev/vda", supported: false });
    expect(parseSmart("/dev/vda", "not json")).toEqual({ device: "/dev/vda", supported: false });
  });

  it("spends the one restart when a failed service comes back, and gives it back after a long healthy run", () => {
    const v = (state: string, at: number | null, uptime_s = 0) => ({ name: "x", description: "", kind: "longrun", state, pid: null, uptime_s, restarts: 3, reason: null, last_exit: at === null ? null : { code: 3, signal: null, at } });
    let seen = nextSeen(undefined, v("failed", 10), 100, 3600);
    expect(seen.spentAt).toBeUndefined();                           // first sight of a failure: not spent
    seen = nextSeen(seen, v("failed", 10), 105, 3600);
    expect(seen.spentAt).toBeUndefined();                           // still the same failure
    seen = nextSeen(seen, v("failed", 20), 110, 3600);
    expect(seen.spentAt).toBe(110);                                 // restarted and failed again between readings
    seen = nextSeen(seen, v("ready", 20, 60), 170, 3600);
    expect(seen.spentAt).toBe(110);
    seen = nextSeen(seen, v("ready", 20, 3600), 3800, 3600);
    expect(seen.spentAt).toBeUndefined();
  });
});

describe("smartctl runs", () => {
  // smartctl is not installed on the build host and virtual disks report no SMART: the project's
  // DryRunner answers with smartctl's JSON shape instead.
  it("at most every smart_interval_s, and says so when smartctl is missing", async () => {
    const memo = new MapMemo();
    const scan = JSON.stringify({ devices: [{ name: "/dev/sda" }, { name: "/dev/$(reboot)" }] });
    const runner = new DryRunner((argv) => ({ stdout: argv[1] === "--scan" ? scan : JSON.stringify({ smart_status: { passed: true } }) }));
    const first = await readSmart(runner, memo, 1000, 3600);
    expect(first).toEqual({ available: true, at: 1000, devices: [{ device: "/dev/sda", supported: true, passed: true }] }); // odd names skipped
    expect(await readSmart(runner, memo, 2000, 3600)).toEqual(first);
    expect(runner.calls).toHaveLength(2);
    const missing = { run: async () => { throw new Error("cannot run smartctl"); } };
    expect(await readSmart(missing, new MapMemo(), 1000, 3600)).toMatchObject({ available: false, note: expect.stringContaining("not installed") });
  });
});
