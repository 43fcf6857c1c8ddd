// The job table for people: one line per job with its schedule, state, next and last run, and how the
// last run ended. Times are relative to `now`, so the text reads the same in any time zone.
import { table } from "./status.ts";
import type { Job } from "../../agents/scheduler/types.ts";

function ago(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.round(s / 60)}m` : s < 86400 ? `${(s / 3600).toFixed(1)}h` : `${(s / 86400).toFixed(1)}d`;
}

const when = (t: number | null, now: number) => (t === null ? "-" : t <= now ? `${ago(now - t)} ago` : `in ${ago(t - now)}`);

function state(j: Job, now: number): string {
  if (j.runningSince !== null) return `running ${ago(now - j.runningSince)}`;
  if (!j.enabled) return "disabled";
  if (j.nextRunAt === null) return "never";
  return j.nextRunAt <= now ? "due" : "waiting";
}

function last(j: Job): string {
  if (!j.lastResult) return "-";
  return j.lastMessage ? `${j.lastResult}: ${j.lastMessage.replace(/\s+/g, " ").slice(0, 60)}` : j.lastResult;
}

const runs = (j: Job) => (j.target.kind === "agent" ? `${j.target.agent}.${j.target.job}` : `tool ${j.target.tool}`);

export function renderJobs(jobs: readonly Job[], now: number): string {
  if (!jobs.length) return "no scheduled jobs";
  return table([
    ["OWNER", "JOB", "CRON", "RUNS", "STATE", "NEXT", "LAST RUN", "RESULT"],
    ...jobs.map((j) => [j.owner, j.name, j.cron, runs(j), state(j, now), j.enabled ? when(j.nextRunAt, now) : "-", when(j.lastRunAt, now), last(j)]),
  ]);
}
