// The live state of one supervised service, and the pure rules that decide what happens after it dies.
import type { Subprocess } from "bun";
import type { ServiceSpec } from "./spec/types.ts";

export type State =
  | "waiting"   // wanted; dependencies not ready yet
  | "starting"  // spawned; readiness not yet confirmed
  | "ready"     // running and ready
  | "degraded"  // running, readiness timed out, declared non-fatal
  | "backoff"   // died; restart scheduled
  | "stopping"
  | "stopped"   // not wanted, not running
  | "done"      // oneshot finished successfully
  | "failed";   // gave up: death tally, oneshot failure, ready timeout, spawn error

export interface ExitInfo { code: number | null; signal: string | null; at: number; /** killed by init's watchdog */ watchdog?: boolean }

/**
 * Signals that mean the program itself crashed. A death by another signal (SIGKILL, SIGTERM, SIGHUP:
 * someone killed it) restarts it at once without counting toward the death tally or the back-off, as
 * s6-permafailon's status list allows; exits and crashes count. A watchdog kill counts: it hung.
 */
export const CRASH_SIGNALS = new Set(["SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGABRT", "SIGSYS", "SIGTRAP"]);
export const countsAsCrash = (exit: ExitInfo) => exit.signal === null || CRASH_SIGNALS.has(exit.signal) || exit.watchdog === true;

export interface ServiceRun {
  spec: ServiceSpec;
  state: State;
  wanted: boolean;
  proc?: Subprocess;
  pid?: number;
  startedAt?: number;
  readyAt?: number;
  restarts: number;
  /** Timestamps of recent unexpected deaths, for the death tally. */
  deaths: number[];
  /** Consecutive quick deaths, for exponential back-off. */
  streak: number;
  lastExit?: ExitInfo;
  /** Why it last died or failed (kept when it comes back, unlike `reason`, which describes now). */
  lastFailure?: string;
  reason?: string;
  timer?: ReturnType<typeof setTimeout>;
  watchdog?: ReturnType<typeof setTimeout>;
  /** Resolves once the supervisor has handled the current process's exit (not merely once it died). */
  gone?: Promise<void>;
}

export const isUp = (s: State) => s === "ready" || s === "done" || s === "degraded";

export type AfterExit =
  | { next: "stopped" | "done" }
  | { next: "failed"; reason: string }
  | { next: "backoff"; delayMs: number; reason: string; streak: number };

/** What to do when a process exits on its own. `now` and the run's history decide; no side effects. */
export function afterExit(run: ServiceRun, exit: ExitInfo, now: number): AfterExit {
  const { spec } = run;
  const clean = exit.code === 0;
  const how = exit.signal ? `killed by ${exit.signal}` : `exited ${exit.code}`;
  if (spec.kind === "oneshot" && clean) return { next: "done" };
  if (spec.restart === "never" || (spec.restart === "on-failure" && clean)) {
    return clean ? { next: "stopped" } : { next: "failed", reason: how };
  }
  if (!countsAsCrash(exit)) return { next: "backoff", delayMs: 0, reason: how, streak: run.streak };
  const windowStart = now - spec.deathTallyWindowS * 1000;
  const deaths = [...run.deaths.filter((t) => t >= windowStart), now];
  if (deaths.length >= spec.deathTallyCount) {
    return { next: "failed", reason: `${how}; died ${deaths.length} times in ${spec.deathTallyWindowS} s` };
  }
  // A run that lasted longer than the longest back-off was healthy: start the back-off over.
  const ranMs = run.startedAt ? now - run.startedAt : 0;
  const streak = ranMs > spec.backoffMaxMs ? 0 : run.streak;
  // A crash loop slowed by its own back-off can stay under the window's tally forever (1 s doubling
  // to 60 s never dies 10 times in 60 s): as many deaths in a row, none of them after a healthy run,
  // end it too.
  if (streak + 1 >= spec.deathTallyCount) {
    return { next: "failed", reason: `${how}; died ${streak + 1} times in a row, never up longer than ${spec.backoffMaxMs / 1000} s` };
  }
  const delayMs = streak === 0 ? 0 : Math.min(spec.backoffMaxMs, spec.backoffInitialMs * 2 ** (streak - 1));
  return { next: "backoff", delayMs, reason: how, streak: streak + 1 };
}

export function serviceView(run: ServiceRun, now = Date.now()) {
  return {
    name: run.spec.id,
    description: run.spec.description,
    kind: run.spec.kind,
    state: run.state,
    pid: run.pid ?? null,
    uptime_s: run.startedAt && run.pid ? Math.round((now - run.startedAt) / 100) / 10 : 0,
    restarts: run.restarts,
    last_exit: run.lastExit ?? null,
    last_failure: run.lastFailure ?? null,
    reason: run.reason ?? null,
    depends_on: run.spec.dependsOn,
  };
}
export type ServiceView = ReturnType<typeof serviceView>;
