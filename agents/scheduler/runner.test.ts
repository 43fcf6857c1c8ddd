import type { Database } from "bun:sqlite";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../runtime/db/open.ts";
import { ManualClock } from "./clock.ts";
import { MAX_SLEEP_MS } from "./runner.ts";
import { Scheduler } from "./scheduler.ts";
import type { DispatchOutcome, Job } from "./types.ts";

const T = (iso: string) => Date.parse(iso);

/** A dispatch that records calls; `hold` keeps runs open until released. */
function recorder(hold = false) {
  const calls: { job: Job; at: number }[] = [];
  const open: ((o: DispatchOutcome) => void)[] = [];
  let clock: ManualClock;
  const dispatch = (job: Job) => {
    calls.push({ job, at: clock.now() });
    return hold ? new Promise<DispatchOutcome>((r) => open.push(r)) : Promise.resolve({ ok: true, message: `ran ${job.name}` });
  };
  return { calls, open, dispatch, bind: (c: ManualClock) => { clock = c; } };
}

function setup(start = "2026-01-01T10:30:00Z", db: Database = openDatabase(":memory:")) {
  const clock = new ManualClock(T(start));
  return { clock, db, s: new Scheduler(db, { clock, timezone: "UTC", runnerId: "test" }) };
}

describe("runner", () => {
  it("runs a job at its fire time, stores the result and the next time, with one timer for all jobs", async () => {
    const { clock, s } = setup();
    const r = recorder(); r.bind(clock);
    s.declare("agent:monitor", [{ name: "hourly", cron: "0 * * * *" }, { name: "five", cron: "*/5 * * * *" }, { name: "daily", cron: "0 0 * * *" }]);
    s.start(r.dispatch);
    expect(r.calls).toEqual([]);
    expect(clock.pending).toBe(1);
    // Runs end in later microtasks, so the clock moves one minute at a time, letting each run finish.
    while (clock.now() < T("2026-01-01T11:00:00Z")) { clock.advance(60_000); await s.idle(); }
    expect(r.calls.map((c) => [c.job.name, new Date(c.at).toISOString()])).toEqual([
      ["five", "2026-01-01T10:35:00.000Z"], ["five", "2026-01-01T10:40:00.000Z"], ["five", "2026-01-01T10:45:00.000Z"],
      ["five", "2026-01-01T10:50:00.000Z"], ["five", "2026-01-01T10:55:00.000Z"], ["five", "2026-01-01T11:00:00.000Z"], ["hourly", "2026-01-01T11:00:00.000Z"]]);
    const hourly = s.list().find((j) => j.name === "hourly")!;
    expect(hourly).toMatchObject({ lastRunAt: T("2026-01-01T11:00:00Z"), lastResult: "ok", lastMessage: "ran hourly", nextRunAt: T("2026-01-01T12:00:00Z"), runningSince: null });
    expect(clock.pending).toBe(1);
  });

  it("wakes at least every MAX_SLEEP_MS, so changes made by another process are seen", async () => {
    const { clock, s, db } = setup();
    const r = recorder(); r.bind(clock);
    s.start(r.dispatch);
    new Scheduler(db, { clock, timezone: "UTC" }).add({ name: "other", cron: "* * * * *", tool: "t" }); // not started: only writes
    clock.advance(MAX_SLEEP_MS + 1);
    await s.idle();
    expect(r.calls.map((c) => c.job.name)).toEqual(["other"]);
  });

  it("catches up a job missed while stopped once, not once per missed slot", async () => {
    const { clock, s, db } = setup();
    const r = recorder(); r.bind(clock);
    s.declare("agent:monitor", [{ name: "hourly", cron: "0 * * * *" }]);
    s.start(r.dispatch);
    await s.stop();
    clock.advanceTo(T("2026-01-01T15:20:00Z")); // 11:00 … 15:00 missed
    expect(r.calls).toEqual([]);
    const again = new Scheduler(db, { clock, timezone: "UTC" });
    again.start(r.dispatch);
    await again.idle();
    expect(r.calls.map((c) => new Date(c.at).toISOString())).toEqual(["2026-01-01T15:20:00.000Z"]);
    expect(again.list()[0]!.nextRunAt).toBe(T("2026-01-01T16:00:00Z"));
  });

  it("never starts a job while it runs; slots passed during the run are skipped", async () => {
    const { clock, s } = setup();
    const r = recorder(true); r.bind(clock);
    s.declare("agent:monitor", [{ name: "slow", cron: "*/5 * * * *" }]);
    s.start(r.dispatch);
    clock.advanceTo(T("2026-01-01T10:35:00Z"));
    expect(r.calls).toHaveLength(1);
    expect(s.list()[0]).toMatchObject({ runningSince: T("2026-01-01T10:35:00Z"), runningBy: "test" });
    clock.advanceTo(T("2026-01-01T10:52:00Z"));
    await s.tick();
    expect(r.calls).toHaveLength(1);
    r.open[0]!({ ok: false, message: "disk busy" });
    await s.idle();
    expect(s.list()[0]).toMatchObject({ runningSince: null, lastResult: "failed", lastMessage: "disk busy", lastFinishedAt: T("2026-01-01T10:52:00Z"), nextRunAt: T("2026-01-01T10:55:00Z") });
    clock.advanceTo(T("2026-01-01T10:55:00Z"));
    expect(r.calls).toHaveLength(2);
  });

  it("records a thrown dispatch as a failed run with a short message", async () => {
    const { clock, s } = setup();
    s.add({ name: "boom", cron: "* * * * *", tool: "t" });
    s.start(async () => { throw new Error(`x${"y".repeat(500)}`); });
    clock.advance(60_000);
    await s.idle();
    const j = s.list()[0]!;
    expect(j.lastResult).toBe("failed");
    expect(j.lastMessage!.length).toBeLessThanOrEqual(200);
  });

  it("clears a stale running mark on start and runs that job again", async () => {
    const { clock, s, db } = setup();
    const r = recorder(true); r.bind(clock);
    s.declare("agent:monitor", [{ name: "hourly", cron: "0 * * * *" }]);
    s.start(r.dispatch);
    clock.advanceTo(T("2026-01-01T11:00:00Z")); // runs, never finishes: this "process" dies here
    expect(s.list()[0]!.runningSince).toBe(T("2026-01-01T11:00:00Z"));
    clock.advanceTo(T("2026-01-01T11:10:00Z"));
    const after = new Scheduler(db, { clock, timezone: "UTC" });
    const done = recorder(); done.bind(clock);
    after.start(done.dispatch);
    await after.idle();
    expect(done.calls.map((c) => c.at)).toEqual([T("2026-01-01T11:10:00Z")]);
    expect(after.list()[0]).toMatchObject({ runningSince: null, lastResult: "ok", nextRunAt: T("2026-01-01T12:00:00Z") });
  });

  it("skips disabled jobs and does not catch up slots missed while disabled", async () => {
    const { clock, s } = setup();
    const r = recorder(); r.bind(clock);
    s.add({ name: "op", cron: "0 * * * *", tool: "t" });
    s.disable("operator", "op");
    s.start(r.dispatch);
    clock.advanceTo(T("2026-01-01T13:30:00Z"));
    await s.idle();
    expect(r.calls).toEqual([]);
    s.enable("operator", "op");
    await s.idle();
    expect(r.calls).toEqual([]);
    clock.advanceTo(T("2026-01-01T14:00:00Z"));
    await s.idle();
    expect(r.calls.map((c) => c.job.target)).toEqual([{ kind: "tool", tool: "t", input: {} }]);
  });
});
