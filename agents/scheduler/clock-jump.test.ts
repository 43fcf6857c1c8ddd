// The wall clock jumping under the scheduler (NTP fixing a wrong RTC, date -s): no stall after a jump
// back, no storm of catch-up runs after a jump forward, and the timer keeps to real time throughout.
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../runtime/db/open.ts";
import { ManualClock } from "./clock.ts";
import { Scheduler } from "./scheduler.ts";
import type { Job } from "./types.ts";

const T = (iso: string) => Date.parse(iso);
const MIN = 60_000, HOUR = 60 * MIN, DAY = 24 * HOUR;

function setup() {
  const clock = new ManualClock(T("2026-01-01T10:30:00Z"));
  const jumps: number[] = [];
  const s = new Scheduler(openDatabase(":memory:"), { clock, timezone: "UTC", runnerId: "test", onClockJump: (ms) => jumps.push(ms) });
  const calls: { name: string; at: string }[] = [];
  const dispatch = async (j: Job) => { calls.push({ name: j.name, at: new Date(clock.now()).toISOString() }); return { ok: true }; };
  s.declare("agent:monitor", [{ name: "five", cron: "*/5 * * * *" }, { name: "hourly", cron: "0 * * * *" }, { name: "daily", cron: "0 3 * * *" }]);
  s.start(dispatch);
  /** Real time passes a minute at a time, letting each run finish. */
  const pass = async (ms: number) => { for (let t = 0; t < ms; t += MIN) { clock.advance(MIN); await s.idle(); } };
  return { clock, s, calls, jumps, pass };
}

describe("scheduler under wall-clock jumps", () => {
  it("after a jump back of a day, keeps running every five minutes in the new time (no stall)", async () => {
    const { clock, s, calls, jumps, pass } = setup();
    await pass(10 * MIN); // 10:35, 10:40
    expect(calls.map((c) => c.at)).toEqual(["2026-01-01T10:35:00.000Z", "2026-01-01T10:40:00.000Z"]);
    clock.jump(-DAY);
    calls.length = 0;
    await pass(15 * MIN);
    expect(jumps).toHaveLength(1);
    expect(jumps[0]).toBeLessThan(-DAY + 2 * MIN);
    // Without re-arming, nothing would run for a day; with it, the five-minute job keeps its pace.
    expect(calls.filter((c) => c.name === "five").length).toBeGreaterThanOrEqual(2);
    expect(calls.every((c) => c.at.startsWith("2025-12-31T10:"))).toBe(true);
    expect(s.list().find((j) => j.name === "hourly")!.nextRunAt).toBe(T("2025-12-31T11:00:00Z"));
    expect(s.list().find((j) => j.name === "daily")!.nextRunAt).toBe(T("2026-01-01T03:00:00Z"));
  });

  it("after a jump forward of a week, each overdue job runs once, then on its schedule from the new time", async () => {
    const { clock, s, calls, jumps, pass } = setup();
    await pass(5 * MIN); // 10:35
    calls.length = 0;
    clock.jump(7 * DAY);
    await pass(2 * MIN);
    expect(jumps).toHaveLength(1);
    expect(calls.map((c) => c.name).sort()).toEqual(["daily", "five", "hourly"]); // once each, not 2016 + 168 + 7 times
    expect(s.list().find((j) => j.name === "five")!.nextRunAt).toBe(T("2026-01-08T10:40:00Z"));
    expect(s.list().find((j) => j.name === "daily")!.nextRunAt).toBe(T("2026-01-09T03:00:00Z"));
    calls.length = 0;
    await pass(10 * MIN);
    expect(calls.map((c) => `${c.name} ${c.at}`)).toEqual(["five 2026-01-08T10:40:00.000Z", "five 2026-01-08T10:45:00.000Z"]);
  });

  it("small drift between the clocks is not a jump", async () => {
    const { clock, jumps, pass } = setup();
    await pass(3 * MIN);
    clock.jump(1500);
    await pass(3 * MIN);
    expect(jumps).toEqual([]);
  });

  it("the timer runs on monotonic time: a jump back does not make it sleep past the next slot", async () => {
    const { clock, calls, pass } = setup();
    await pass(4 * MIN); // 10:34
    clock.jump(-HOUR);
    calls.length = 0;
    await pass(2 * MIN); // real 10:36; the wall clock says 09:36
    expect(calls.map((c) => c.at)).toEqual(["2026-01-01T09:35:00.000Z"]);
  });

  it("a jump back while a job runs: the job's next run is from its end, in the new time", async () => {
    const clock = new ManualClock(T("2026-01-01T10:34:30Z"));
    const s = new Scheduler(openDatabase(":memory:"), { clock, timezone: "UTC", onClockJump: () => {} });
    let release: () => void = () => {};
    const calls: string[] = [];
    s.declare("agent:monitor", [{ name: "five", cron: "*/5 * * * *" }]);
    s.start(async () => {
      calls.push(new Date(clock.now()).toISOString());
      if (calls.length === 1) await new Promise<void>((r) => { release = r; }); // the first run spans the jump
      return { ok: true };
    });
    clock.advance(30_000); // 10:35: it starts
    await Promise.resolve();
    clock.jump(-DAY);
    release();
    await s.idle();
    expect(s.list()[0]!.nextRunAt).toBe(T("2025-12-31T10:40:00Z"));
    for (let i = 0; i < 6; i++) { clock.advance(MIN); await s.idle(); }
    expect(calls).toEqual(["2026-01-01T10:35:00.000Z", "2025-12-31T10:40:00.000Z"]);
  });
});
