// Cron expressions, through croner only: checking one (a bad one is the user's fault, named with its
// job) and the next fire time strictly after an instant.
import { Cron } from "croner";
import { UserError } from "../../runtime/errors.ts";

const HINT = 'croner syntax: 5 or 6 fields ("0 * * * *" hourly, "*/5 * * * *" every 5 minutes, "0 3 * * 0" Sundays 03:00) or @hourly/@daily/@weekly';

function pattern(expr: string, timezone?: string): Cron {
  return new Cron(expr, { paused: true, timezone });
}

/** Throws UserError naming the job and the expression when croner rejects it or it can never fire. */
export function checkCron(job: string, expr: string, timezone?: string, now = Date.now()): void {
  if (typeof expr !== "string" || !expr.trim()) throw new UserError(`job ${job}: the cron expression is empty`, HINT);
  let cron: Cron;
  try {
    cron = pattern(expr, timezone);
  } catch (err) {
    throw new UserError(`job ${job}: bad cron expression "${expr}": ${(err as Error).message.replace(/^CronPattern: /, "")}`, HINT, { cause: err });
  }
  if (!cron.nextRun(new Date(now))) throw new UserError(`job ${job}: cron expression "${expr}" never fires`, HINT);
}

/** The first fire time strictly after `after` (epoch ms), or null when there is none. */
export function nextFire(expr: string, after: number, timezone?: string): number | null {
  try {
    return pattern(expr, timezone).nextRun(new Date(after))?.getTime() ?? null;
  } catch {
    return null; // stored expressions were checked on the way in; one croner now rejects never fires
  }
}
