// Backups of one appliance's state, restorable on another (aiosctl backup | restore <file>).
export { createBackup, type BackupPaths, type BackupOptions, type BackupResult } from "./backup.ts";
export { planRestore, applyRestore, type RestorePlan, type RestoreDeps, type RestoreResult } from "./restore.ts";
export { BackupError, type Manifest } from "./format.ts";
