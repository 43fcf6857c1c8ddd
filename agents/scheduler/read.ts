// Read-only access to the job table for the consoles. A database that does not exist yet, or has no
// job table yet, lists no jobs rather than failing.
import { setting } from "../../runtime/config/settings.ts";
import { existsSync } from "node:fs";
import { openDatabase } from "../../runtime/db/open.ts";
import { JOBS_TABLE, JobStore } from "./store.ts";
import type { Job } from "./types.ts";

/** The agents' database, where the host keeps the job table (one place to repoint). */
export const agentsDbPath = () => setting("agents_db");

export function listJobsReadonly(path = agentsDbPath()): Job[] {
  if (path !== ":memory:" && !existsSync(path)) return [];
  const db = openDatabase(path, { readonly: true });
  try {
    const table = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(JOBS_TABLE);
    return table ? new JobStore(db, { readonly: true }).list() : [];
  } finally {
    db.close();
  }
}
