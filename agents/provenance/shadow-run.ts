// Where a shadow replay runs: in the operator's process (aiosctl), not in the agent host. A replay is
// long (one model answer per decision; the first local one loads the model) and may cost money, so it
// stays out of the process whose cycles must keep time, and off the host socket, which drops requests
// idle for 10 s. aiosctl reads the decision log read-only and builds the same model stack `aiosctl
// ask` does (config, secrets, runtime socket), with the agents' rules, on a throwaway database.
import { existsSync } from "node:fs";
import { openDatabase } from "../../runtime/db/open.ts";
import { NotFoundError } from "../../runtime/errors.ts";
import { DecisionLog } from "../../runtime/models/hierarchy/decision-log.ts";
import { createIntelligence, type IntelligenceOptions } from "../../runtime/models/index.ts";
import { agentPaths } from "../host/paths.ts";
import { allRules } from "../registry.ts";
import { shadow, type ShadowOptions, type ShadowReport } from "./shadow.ts";

export async function runShadow(o: ShadowOptions, agentsDb = agentPaths.db(), stackOptions: IntelligenceOptions = {}): Promise<ShadowReport> {
  if (!existsSync(agentsDb)) throw new NotFoundError(`no agents' database at ${agentsDb}: the agent host has not run`);
  const db = openDatabase(agentsDb, { readonly: true });
  // Budgets and decisions of the replay go to a database that is thrown away: a replay is no decision.
  const stack = createIntelligence({ spawnRuntime: false, rules: allRules(), ...stackOptions, dbPath: ":memory:" });
  try {
    if (!db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'model_decisions'").get()) throw new NotFoundError("no decisions recorded yet");
    return await shadow(new DecisionLog(db, { readonly: true }), await stack.registry.models(), o);
  } finally {
    await stack.close();
    db.close();
  }
}
