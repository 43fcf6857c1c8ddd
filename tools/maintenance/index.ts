// Housekeeping tools of the maintenance agent: logs (rotate + gzip, prune), temp and apt cache
// clean-up, SQLite upkeep, memory compaction and snapshot retention. Every sweep previews exact files
// and bytes, and the guard (guard.ts) keeps databases, models, snapshots, keys and /etc out of reach.
import type { ToolDeclaration } from "../declaration.ts";
import { cleanTools } from "./clean.ts";
import type { MaintenanceConfig } from "./config.ts";
import { dbTools } from "./db.ts";
import { logTools } from "./logs.ts";
import { snapshotTools } from "./snapshots.ts";

export { applianceMaintenance, type MaintenanceConfig } from "./config.ts";

export function maintenanceTools(cfg: MaintenanceConfig): ToolDeclaration[] {
  return [...logTools(cfg), ...cleanTools(cfg), ...dbTools(cfg), ...snapshotTools(cfg)];
}
