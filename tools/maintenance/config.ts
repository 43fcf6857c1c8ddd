// Where housekeeping may act on the appliance. Tests point every path into a temp root.
export interface MaintenanceConfig {
  /** The system root the guard judges paths against ("/" on the appliance). */
  root: string;
  /** Logs: /var/log and init's per-service logs on the state disk. */
  logDirs: string[];
  /** Temp trees whose stale files may go. */
  tempPaths: string[];
  /** apt's downloaded packages (*.deb), fetched again when needed. */
  aptArchives: string;
  /** The only databases db.vacuum works on. */
  databases: string[];
  /** The database holding agent memory (memory.compact). */
  memoryDb: string;
  snapshotDir: string;
  now?: () => number;
}

export function applianceMaintenance(stateDir = "/var/lib/aios"): MaintenanceConfig {
  return {
    root: "/",
    logDirs: ["/var/log", `${stateDir}/log`],
    tempPaths: ["/tmp", "/var/tmp", `${stateDir}/scratch`],
    aptArchives: "/var/cache/apt/archives",
    databases: [`${stateDir}/aios.db`],
    memoryDb: `${stateDir}/aios.db`,
    snapshotDir: `${stateDir}/snapshots`,
  };
}
