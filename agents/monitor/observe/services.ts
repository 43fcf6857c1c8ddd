// Services as init sees them (GET /v1/status on its control socket), joined with what the monitor saw
// last time (memo): restarts then, and whether the one restart after init gave up is spent.
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

export async function readServices(socket: string | undefined, memo: Memo, now: number, resetS: number, notes: string[]): Promise<ServiceObs[] | null> {
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
  return out;
}

async function logTail(socket: string | undefined, name: string): Promise<string[]> {
  try {
    // The service's own output, not init's state-change lines about it: that is the diagnosis.
    const r = await control<{ lines: { stream: string; line: string }[] }>("GET", `/v1/logs?service=${encodeURIComponent(name)}&n=50`, undefined, socket);
    return r.lines.filter((l) => l.stream !== "init").slice(-5).map((l) => clip(l.line));
  } catch { return []; }
}
