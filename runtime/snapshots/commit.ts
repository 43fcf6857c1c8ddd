// Health-checked commit: snapshot what a change touches, apply it, watch declared health checks for a
// settle period, and roll back automatically (recording why) when the change fails or a check does.
import type { AuditLog } from "../audit/log.ts";
import { errorMessage } from "../errors.ts";
import type { HealthCheck } from "./health.ts";
import type { SnapshotStore } from "./store.ts";
import type { SnapshotTargets } from "./targets.ts";

export interface GuardedChange<T> {
  store: SnapshotStore;
  audit?: AuditLog;
  actor: string;
  subject: string;
  targets: SnapshotTargets;
  apply(): Promise<T>;
  checks: HealthCheck[];
  settleMs: number;
  intervalMs?: number;
}

export type GuardedOutcome<T> =
  | { committed: true; result: T; snapshotId: string }
  | { committed: false; reason: string; snapshotId: string; result?: T };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function guardedApply<T>(c: GuardedChange<T>): Promise<GuardedOutcome<T>> {
  const snap = await c.store.create(`before ${c.subject} by ${c.actor}`, c.targets, true);
  c.audit?.append({ kind: "snapshot", actor: c.actor, subject: snap.id, data: { for: c.subject, targets: c.targets } });

  let result: T | undefined;
  let failure: string | null = null;
  try {
    result = await c.apply();
    failure = await settle(c.checks, c.settleMs, c.intervalMs ?? 500);
  } catch (err) {
    failure = `change failed: ${errorMessage(err)}`;
  }
  if (failure === null) return { committed: true, result: result as T, snapshotId: snap.id };

  let restoreError: string | undefined;
  try { await c.store.restore(snap.id); } catch (err) { restoreError = errorMessage(err); }
  c.audit?.append({ kind: "rollback", actor: c.actor, subject: c.subject, data: { snapshot: snap.id, reason: failure, restoreError } });
  const reason = restoreError ? `${failure}; ROLLBACK FAILED: ${restoreError}` : failure;
  return result === undefined ? { committed: false, reason, snapshotId: snap.id } : { committed: false, reason, snapshotId: snap.id, result };
}

/** Runs every check each interval until the settle period ends; the first failure is returned. */
async function settle(checks: HealthCheck[], settleMs: number, intervalMs: number): Promise<string | null> {
  // Nothing to watch: waiting out the period would only delay the caller (an approving person).
  if (checks.length === 0) return null;
  const end = performance.now() + settleMs;
  for (;;) {
    for (const h of checks) {
      const r = await h.check().catch((err) => errorMessage(err));
      if (r !== true) return `health check ${h.name} failed: ${r}`;
    }
    if (performance.now() + intervalMs > end) return null;
    await sleep(intervalMs);
  }
}
