// The scheduler's surface: the host builds a Scheduler on the agents' database; consoles read jobs.
export { Scheduler, type SchedulerOptions } from "./scheduler.ts";
export type { OperatorJob } from "./catalog.ts";
export { ManualClock, systemClock, type Clock } from "./clock.ts";
export { agentsDbPath, listJobsReadonly } from "./read.ts";
export type { Dispatch, DispatchOutcome, Job, JobResult, JobTarget, Owner } from "./types.ts";
