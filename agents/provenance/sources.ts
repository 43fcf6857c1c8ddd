// Opens what the provenance views read: the incident store and the decision log in the agents'
// database, and the audit chain in its own file, read-only. The host passes its own open
// database; aiosctl, when the host is down, opens the file itself.
import type { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { openDatabase } from "../../runtime/db/open.ts";
import { auditDbPath } from "../../runtime/audit/paths.ts";
import { errorMessage, NotFoundError } from "../../runtime/errors.ts";
import { DecisionLog } from "../../runtime/models/hierarchy/decision-log.ts";
import { agentPaths } from "../host/paths.ts";
import { IncidentStore } from "../incidents/store.ts";
import { AuditQuery } from "./audit-query.ts";
import type { ProvenanceSources } from "./explain.ts";

const hasTable = (db: Database, name: string) => !!db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);

/** Runs `fn` with the sources over an open agents' database; the audit chain is opened and closed here. */
export function withSources<T>(incidents: IncidentStore, fn: (s: ProvenanceSources) => T, auditPath = auditDbPath()): T {
  const decisions = hasTable(incidents.db, "model_decisions") ? new DecisionLog(incidents.db, { readonly: true }) : undefined;
  let audit: Database | undefined;
  let auditGap: string | undefined;
  try {
    if (!existsSync(auditPath)) auditGap = `${auditPath} does not exist yet`;
    else {
      audit = openDatabase(auditPath, { readonly: true });
      if (!AuditQuery.has(audit)) auditGap = `${auditPath} has no audit log yet`;
    }
  } catch (err) { auditGap = errorMessage(err); }
  try {
    return fn({ incidents, decisions, audit: audit && !auditGap ? new AuditQuery(audit) : undefined, auditGap });
  } finally { audit?.close(); }
}

/** The same, on the agents' database file opened read-only (aiosctl while the host is down). */
export function withSourcesReadonly<T>(fn: (s: ProvenanceSources) => T, agentsDb = agentPaths.db(), auditPath = auditDbPath()): T {
  if (!existsSync(agentsDb)) throw new NotFoundError(`no agents' database at ${agentsDb}: the agent host has not run`);
  const db = openDatabase(agentsDb, { readonly: true });
  try {
    if (!hasTable(db, "incidents")) throw new NotFoundError("no incidents yet: the agent host has not run");
    return withSources(new IncidentStore(db, Date.now, { readonly: true }), fn, auditPath);
  } finally { db.close(); }
}
