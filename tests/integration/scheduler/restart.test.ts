// The scheduler on a real database file across restarts: the Scheduler object is dropped with its
// connection closed, time moves past missed slots, and a new one opened on the same file starts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock, Scheduler, type DispatchOutcome, type Job } from "../../../agents/scheduler/index.ts";

const T = (iso: string) => Date.parse(iso);
let dir: string;
let path: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "aios-sched-")); path = join(dir, "agents.db"); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const boot = (clock: ManualClock) => Scheduler.open(path, { clock, timezone: "UTC", runnerId: "host" });

describe("scheduler across restarts", () => {
  it("runs a job missed while the machine was off once after boot, and keeps results", async () => {
    const clock = new ManualClock(T("2026-03-01T09:50:00Z"));
    const calls: number[] = [];
    const dispatch = async (_: Job): Promise<DispatchOutcome> => { calls.push(clock.now()); return { ok: true, message: `run ${calls.length}` }; };

    let s = boot(clock);
    s.declare("agent:monitor", [{ name: "rotate", cron: "0 * * * *", description: "rotate logs" }]);
    s.add({ name: "prune", cron: "30 * * * *", tool: "snapshots.prune", input: { keep: 3 } });
    s.start(dispatch);
    clock.advanceTo(T("2026-03-01T10:00:00Z"));
    await s.idle();
    expect(calls).toEqual([T("2026-03-01T10:00:00Z")]);
    await s.close();

    clock.advanceTo(T("2026-03-01T15:45:00Z")); // off: 11:00…15:00 and 10:30…15:30 missed
    s = boot(clock);
    expect(s.list().find((j) => j.name === "rotate")).toMatchObject({ lastResult: "ok", lastMessage: "run 1", nextRunAt: T("2026-03-01T11:00:00Z") });
    s.declare("agent:monitor", [{ name: "rotate", cron: "0 * * * *", description: "rotate logs" }]); // the host redeclares at boot
    s.start(dispatch);
    await s.idle();
    expect(calls).toEqual([T("2026-03-01T10:00:00Z"), T("2026-03-01T15:45:00Z"), T("2026-03-01T15:45:00Z")]);
    expect(s.list().map((j) => [j.name, j.nextRunAt])).toEqual([["rotate", T("2026-03-01T16:00:00Z")], ["prune", T("2026-03-01T16:30:00Z")]]);
    await s.close();
  });

  it("clears a run left marked by a process that died and runs it again", async () => {
    const clock = new ManualClock(T("2026-03-01T09:59:00Z"));
    const s = boot(clock);
    s.declare("agent:monitor", [{ name: "rotate", cron: "0 * * * *" }]);
    s.start(() => new Promise<DispatchOutcome>(() => {})); // hangs: the process dies mid-run
    clock.advanceTo(T("2026-03-01T10:00:00Z"));
    expect(s.list()[0]!.runningSince).toBe(T("2026-03-01T10:00:00Z"));
    s.store.db.close(); // no stop(): the run's result is never written

    const after = boot(new ManualClock(T("2026-03-01T10:05:00Z"))); // a new process: the dead one's timer is gone
    expect(after.list()[0]).toMatchObject({ runningSince: T("2026-03-01T10:00:00Z"), runningBy: "host" });
    const seen: Job[] = [];
    after.start(async (job) => { seen.push(job); return { ok: true }; });
    expect(seen).toHaveLength(1); // dispatch is called as the run starts
    await after.idle();
    expect(after.list()[0]).toMatchObject({ runningSince: null, lastRunAt: T("2026-03-01T10:05:00Z"), lastResult: "ok", nextRunAt: T("2026-03-01T11:00:00Z") });
    await after.close();
  });
});
