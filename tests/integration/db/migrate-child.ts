// One of several processes that open the same fresh database at the same instant and run every
// store's migrations, as the agent host, aiosctl and the console do at boot. Prints "ok" or the error.
import { openDatabase } from "../../../runtime/db/open.ts";
import { AuditLog } from "../../../runtime/audit/log.ts";
import { Outbox } from "../../../runtime/notify/outbox.ts";
import { initSamples } from "../../../runtime/metrics/samples.ts";
import { ApprovalQueue } from "../../../runtime/policy/approvals.ts";
import { Budgets } from "../../../runtime/models/budget/budgets.ts";
import { DecisionLog } from "../../../runtime/models/hierarchy/decision-log.ts";
import { Memory } from "../../../runtime/memory/index.ts";
import { IncidentStore } from "../../../agents/incidents/store.ts";
import { JobStore } from "../../../agents/scheduler/store.ts";
import { Goals } from "../../../agents/front/goals.ts";
import { migrateAgentState } from "../../../agents/host/state.ts";

const [path, startAt] = [process.argv[2]!, Number(process.argv[3])];
while (Date.now() < startAt) { /* spin: every process starts migrating within the same millisecond */ }
try {
  const db = openDatabase(path);
  const audit = new AuditLog(db);
  new DecisionLog(db);
  new Outbox(db);
  initSamples(db);
  new ApprovalQueue(db, audit);
  new Budgets(db);
  new Memory(db);
  new IncidentStore(db);
  new JobStore(db);
  new Goals(db);
  migrateAgentState(db);
  db.close();
  console.log("ok");
} catch (err) {
  console.log(`error: ${(err as Error).message}`);
}
