import { describe, expect, it } from "vitest";
import { renderJobs } from "./jobs.ts";
import type { Job } from "../../agents/scheduler/types.ts";

const now = Date.parse("2026-01-01T12:00:00Z");
const base: Job = { owner: "agent:monitor", name: "rotate", cron: "0 * * * *", description: "", target: { kind: "agent", agent: "monitor", job: "rotate" }, enabled: true,
  lastRunAt: null, lastFinishedAt: null, lastResult: null, lastMessage: null, nextRunAt: now + 30 * 60_000, runningSince: null, runningBy: null };

describe("renderJobs", () => {
  it("shows state, relative times and the last result", () => {
    const text = renderJobs([
      { ...base, lastRunAt: now - 3_600_000, lastResult: "ok" },
      { ...base, owner: "operator", name: "prune", target: { kind: "tool", tool: "snapshots.prune", input: {} }, enabled: false, nextRunAt: null, lastRunAt: now - 90_000, lastResult: "failed", lastMessage: "no\nspace" },
      { ...base, name: "busy", runningSince: now - 5_000 },
    ], now);
    expect(text.split("\n")).toEqual([
      "OWNER          JOB     CRON       RUNS                  STATE       NEXT    LAST RUN  RESULT",
      "agent:monitor  rotate  0 * * * *  monitor.rotate        waiting     in 30m  1.0h ago  ok",
      "operator       prune   0 * * * *  tool snapshots.prune  disabled    -       2m ago    failed: no space",
      "agent:monitor  busy    0 * * * *  monitor.rotate        running 5s  in 30m  -         -",
    ]);
  });

  it("says so when there are no jobs", () => {
    expect(renderJobs([], now)).toBe("no scheduled jobs");
  });
});
