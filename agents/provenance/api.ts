// The provenance routes on the agent host's socket (mounted by ../host/api.ts): why an incident or a
// decision came out as it did, and the per-type rates of escalation and human override.
import type { Hono } from "hono";
import { UserError } from "../../runtime/errors.ts";
import type { IncidentStore } from "../incidents/store.ts";
import { explain } from "./explain.ts";
import { withSources } from "./sources.ts";
import { decisionStats } from "./stats.ts";

/** `since` as epoch ms, or absent for all time. */
export function parseSince(v: string | undefined): number {
  if (v === undefined || v === "") return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`since must be epoch milliseconds, not "${v}"`);
  return n;
}

export function mountProvenance(app: Hono, incidents: IncidentStore, auditPath?: () => string): void {
  app.get("/v1/explain/:ref", (c) => c.json(withSources(incidents, (s) => explain(c.req.param("ref"), s), auditPath?.())));
  app.get("/v1/decisions/stats", (c) => c.json(withSources(incidents, (s) => decisionStats(s, parseSince(c.req.query("since"))), auditPath?.())));
}
