// Which jobs exist: an agent's declaration (upserted; jobs it no longer declares are removed) and the
// operator's own jobs (add, remove, enable, disable). Input is checked here; bad input is a UserError.
import { NotFoundError, UserError } from "../../runtime/errors.ts";
import type { JobSpec } from "../spec/types.ts";
import { checkCron, nextFire } from "./cron.ts";
import type { JobStore } from "./store.ts";
import type { Job, JobTarget, Owner } from "./types.ts";

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface OperatorJob {
  name: string;
  cron: string;
  description?: string;
  /** A registered tool, called through the registry as agent "operator". */
  tool: string;
  input?: unknown;
}

export interface CatalogContext { store: JobStore; now: number; timezone?: string }

function checkName(owner: string, name: unknown): asserts name is string {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new UserError(`${owner}: bad job name ${JSON.stringify(name)}`, "1-64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
}

function agentOf(owner: string): string {
  const m = /^agent:([a-z0-9][a-z0-9_-]*)$/.exec(owner);
  if (!m) throw new UserError(`bad job owner "${owner}": declared jobs belong to "agent:<name>"`);
  return m[1]!;
}

/** Makes `owner`'s jobs exactly `specs`; all are checked before anything is written. */
export function declareJobs(c: CatalogContext, owner: Owner, specs: readonly JobSpec[]): void {
  const agent = agentOf(owner);
  const seen = new Set<string>();
  for (const s of specs) {
    checkName(owner, s.name);
    if (seen.has(s.name)) throw new UserError(`${owner}: job ${s.name} is declared twice`);
    seen.add(s.name);
    checkCron(`${owner}/${s.name}`, s.cron, c.timezone, c.now);
  }
  c.store.db.transaction(() => {
    for (const old of c.store.list(owner)) if (!seen.has(old.name)) c.store.remove(owner, old.name);
    for (const s of specs) {
      const target: JobTarget = { kind: "agent", agent, job: s.name };
      const description = s.description ?? "";
      const old = c.store.get(owner, s.name);
      const next = nextFire(s.cron, c.now, c.timezone);
      if (!old) c.store.insert({ owner, name: s.name, cron: s.cron, description, target, nextRunAt: next }, c.now);
      // A changed schedule starts afresh from now; an unchanged one keeps its (possibly missed) fire time.
      else c.store.update(owner, s.name, { cron: s.cron, description, target, nextRunAt: old.cron === s.cron ? undefined : old.enabled ? next : null });
    }
  })();
}

export function addOperatorJob(c: CatalogContext, j: OperatorJob): Job {
  checkName("operator", j.name);
  checkCron(`operator/${j.name}`, j.cron, c.timezone, c.now);
  if (typeof j.tool !== "string" || !j.tool.trim()) throw new UserError(`operator/${j.name}: no tool named`, "an operator job runs one registered tool: give its name and input");
  let input: unknown;
  try {
    input = JSON.parse(JSON.stringify(j.input ?? {}));
  } catch (err) {
    throw new UserError(`operator/${j.name}: the tool input is not JSON`, undefined, { cause: err });
  }
  if (c.store.get("operator", j.name)) throw new UserError(`operator job ${j.name} already exists`, "remove it first, or pick another name");
  c.store.insert({ owner: "operator", name: j.name, cron: j.cron, description: j.description ?? "", target: { kind: "tool", tool: j.tool, input }, nextRunAt: nextFire(j.cron, c.now, c.timezone) }, c.now);
  return c.store.get("operator", j.name)!;
}

function existing(c: CatalogContext, owner: string, name: string): Job {
  const job = c.store.get(owner, name);
  if (!job) throw new NotFoundError(`no job ${owner}/${name}`, "`aiosctl jobs` lists them");
  return job;
}

/** Only operator jobs can be removed; an agent's come back with its declaration, so disable those. */
export function removeJob(c: CatalogContext, owner: string, name: string): void {
  existing(c, owner, name);
  if (owner !== "operator") throw new UserError(`${owner}/${name} is declared by its agent, so it cannot be removed`, `disable it instead, or drop it from the agent's [[jobs]]`);
  c.store.remove(owner, name);
}

/** Enabling starts the schedule from now: slots missed while disabled are not caught up. */
export function setJobEnabled(c: CatalogContext, owner: string, name: string, enabled: boolean): Job {
  const job = existing(c, owner, name);
  if (job.enabled !== enabled) c.store.setEnabled(owner, name, enabled, enabled ? nextFire(job.cron, c.now, c.timezone) : null);
  return c.store.get(owner, name)!;
}
