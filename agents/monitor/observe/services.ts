// Services as init sees them (GET /v1/status on its control socket), joined with what the monitor saw
// last time (memo): restarts then, and whether the one restart after init gave up is spent.
import { readFileSync } from "node:fs";
import { control, type StatusReply } from "../../../runtime/control/client.ts";
import type { Memo } from "../../loop/types.ts";
import { clip, type ServiceObs } from "../observation.ts";

type View = StatusReply["services"][number] & { last_failure?: string | null };

interface Seen { restarts: number; state: string; lastExitAt: number | null; spentAt?: number }

const UP = new Set(["ready", "degraded"]);

/**
 * Folds one service's view into its memo entry. Leaving "failed", or a new exit while
 * still failed, means someone restarted it after init gave up: that spends the one restart, whoever
 * did it, so the agent can never loop against init's judgment. Up for `resetS` gives it back.
 */
export function nextSeen(prev: Seen | undefined, v: View, now: number, resetS: number): Seen {
  const lastExitAt = v.last_exit?.at ?? null;
  let spentAt = prev?.spentAt;
  if (prev?.state === "failed" && (v.state !== "failed" || lastExitAt !== prev.lastExitAt)) spentAt ??= now;
  if (spentAt !== undefined && UP.has(v.state) && v.uptime_s >= resetS) spentAt = undefined;
  return { restarts: v.restarts, state: v.state, lastExitAt, ...(spentAt !== undefined ? { spentAt } : {}) };
}

/** States a service rests in: while every service is in one and its process is the same, nothing happened. */
const STEADY = new Set(["ready", "degraded", "done", "stopped"]);

/** The last answer (memo): when, the services then, and each main process's start time then. */
interface LastStatus { at: number; services: ServiceObs[]; starts: Record<string, number | null> }

/** Start time (ticks since boot) of a process, null when it is gone. */
function startOf(procRoot: string, pid: number): number | null {
  try {
    const text = readFileSync(`${procRoot}/${pid}/stat`, "utf8");
    return Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[22 - 3]);
  } catch { return null; }
}

/**
 * The last answer still stands when it is younger than maxAgeS, every service was steady, and every
 * main process is still the same one (same pid, same start time): a death, a restart or a stop
 * would have changed one of those. Then the services are the same, and seen equals now.
 */
export function standing(last: LastStatus | undefined, now: number, maxAgeS: number, procRoot: string): ServiceObs[] | null {
  if (!last || now < last.at || now - last.at >= maxAgeS * 1000) return null;
  for (const v of last.services) {
    if (!STEADY.has(v.state)) return null;
    if (v.pid !== null && startOf(procRoot, v.pid) !== last.starts[v.pid]) return null;
  }
  const dt = Math.floor((now - last.at) / 1000);
  return last.services.map((v) => ({ ...v, uptimeS: v.pid !== null ? v.uptimeS + dt : v.uptimeS, seen: { restarts: v.restarts, state: v.state }, logTail: [] }));
}

export interface ServicesCache { procRoot: string; maxAgeS: number }

export async function readServices(socket: string | undefined, memo: Memo, now: number, resetS: number, notes: string[], cache?: ServicesCache): Promise<ServiceObs[] | null> {
  if (cache) {
    const still = standing(memo.get<LastStatus>("services.last"), now, cache.maxAgeS, cache.procRoot);
    if (still) return still;
  }
  let status: StatusReply;
  try {
    status = await control<StatusReply>("GET", "/v1/status", undefined, socket);
  } catch (err) {
    notes.push(`init's control socket did not answer: ${clip((err as Error).message)}; services not watched`);
    return null;
  }
  const seenAll = memo.get<Record<string, Seen>>("services") ?? {};
  const next: Record<string, Seen> = {};
  const out: ServiceObs[] = [];
  for (const v of status.services as View[]) {
    const prev = seenAll[v.name];
    const seen = nextSeen(prev, v, now, resetS);
    next[v.name] = seen;
    const died = v.state === "failed" || (prev !== undefined && v.restarts > prev.restarts);
    out.push({
      name: v.name, state: v.state, pid: v.pid, uptimeS: v.uptime_s, restarts: v.restarts, lastExit: v.last_exit,
      lastFailure: v.last_failure ?? null, reason: v.reason,
      seen: prev ? { restarts: prev.restarts, state: prev.state } : null,
      restartSpent: seen.spentAt !== undefined,
      logTail: died ? await logTail(socket, v.name) : [],
    });
  }
  memo.set("services", next);
  if (cache) {
    const starts: Record<string, number | null> = {};
    for (const v of out) if (v.pid !== null) starts[v.pid] = startOf(cache.procRoot, v.pid);
    // A process gone already cannot vouch for the next cycle: then nothing is kept and init is asked again.
    memo.set("services.last", Object.values(starts).includes(null) ? null : { at: now, services: out, starts } satisfies LastStatus);
  }
  return out;
}

async function logTail(socket: string | undefined, name: string): Promise<string[]> {
  try {
    // The service's own output, not init's state-change lines about it: that is the diagnosis.
    const r = await control<{ lines: { stream: string; line: string }[] }>("GET", `/v1/logs?service=${encodeURIComponent(name)}&n=50`, undefined, socket);
    return r.lines.filter((l) => l.stream !== "init").slice(-5).map((l) => clip(l.line));
  } catch { return []; }
}
