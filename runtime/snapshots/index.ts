// Snapshots and health-checked commit (aiosctl snapshot [desc] | snapshots | restore <id>).
export { SnapshotStore, type SnapshotManifest, type SnapshotFile, type SnapshotStoreOptions } from "./store.ts";
export { guardedApply, type GuardedChange, type GuardedOutcome } from "./commit.ts";
export { targetsFromEffects, type SnapshotTargets } from "./targets.ts";
export type { HealthCheck } from "./health.ts";
export { tcpCheck, commandCheck } from "./checks.ts";
export { snapshotSystem, restoreSnapshot, type ManualSnapshotOptions } from "./manual.ts";
