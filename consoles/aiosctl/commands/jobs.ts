// aiosctl verbs for scheduled jobs; registered in ../tree.ts. `jobs` lists every job (agents' and
// the operator's) from the agents' database, read-only: schedule, state, next and last run, result.
import { defineCommand, type CommandDef } from "citty";
import { listJobsReadonly } from "../../../agents/scheduler/read.ts";
import { renderJobs } from "../../render/jobs.ts";
import { act } from "../fail.ts";

const jobs = defineCommand({
  meta: { name: "jobs", description: "scheduled jobs: owner, cron, state, next and last run, last result" },
  args: { json: { type: "boolean", description: "machine-readable output (times in epoch ms)" } },
  run: act(async (a: { json?: boolean }) => {
    const list = listJobsReadonly();
    console.log(a.json ? JSON.stringify({ jobs: list }, null, 2) : renderJobs(list, Date.now()));
  }),
});

export const jobsCommands: Record<string, CommandDef<any>> = { jobs };
