// What the scheduler stores and hands out: one job per (owner, name), what it runs, and its last and
// next run. Agents own the jobs their declarations list; the operator owns the ones a person added.

/** "agent:<name>" for a declared job, "operator" for one a person added. */
export type Owner = `agent:${string}` | "operator";

/**
 * What a job runs. An agent job names the entry of that agent's AgentModule.jobs the host dispatches
 * to; an operator job is one tool call the host sends through the tool registry as agent "operator".
 */
export type JobTarget =
  | { kind: "agent"; agent: string; job: string }
  | { kind: "tool"; tool: string; input: unknown };

export type JobResult = "ok" | "failed";

export interface Job {
  owner: Owner;
  name: string;
  /** Croner syntax (5 or 6 fields, or a nickname such as @hourly). */
  cron: string;
  description: string;
  target: JobTarget;
  enabled: boolean;
  /** Times are epoch milliseconds; null when it has not happened (or never will). */
  lastRunAt: number | null;
  lastFinishedAt: number | null;
  lastResult: JobResult | null;
  /** A short line: the failure, or what an ok run reported. */
  lastMessage: string | null;
  /** The next fire time; a time in the past means due (a missed run is caught up once). */
  nextRunAt: number | null;
  /** Set while a run is in progress: when it started and which process runs it. */
  runningSince: number | null;
  runningBy: string | null;
}

export interface DispatchOutcome {
  ok: boolean;
  message?: string;
}

/** The host's side: carries one job out. A throw counts as a failed run. */
export type Dispatch = (job: Job) => Promise<DispatchOutcome>;

export const jobKey = (j: { owner: string; name: string }) => `${j.owner}/${j.name}`;
