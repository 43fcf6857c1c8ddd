// Where the audit log lives: its own database file (paths.audit_db), so a damaged memory or incident
// store never takes the chain with it. The appliance's openers name it; a state database opened
// elsewhere without one (tests, tools) keeps its audit file beside it.
import { dirname, join } from "node:path";
import { setting } from "../config/settings.ts";

export const auditDbPath = () => setting("audit_db");

/** The audit file beside the state database at `stateDb`, when no one named one. */
export function auditPathFor(stateDb: string): string {
  return stateDb === ":memory:" ? ":memory:" : join(dirname(stateDb), "audit.db");
}
