// The maintenance agent's [settings], read with defaults; paths are appliance paths, resolved under
// the context's root when observed.
const MiB = 1 << 20;

export interface MaintSettings {
  stateDir: string;
  logDirs: string[];
  cleanupPaths: string[];
  aptArchives: string;
  databases: string[];
  snapshotDir: string;
  /** Mounts whose free space is watched (the state disk and /). */
  diskMounts: string[];
  rotateBytes: number;
  /** When space is low, live logs this big are rotated too. */
  emergencyRotateBytes: number;
  keepRotated: number;
  rotatedMaxDays: number;
  tempAgeDays: number;
  dbFreePercent: number;
  dbMinReclaimBytes: number;
  dbWalBytes: number;
  keepAutoSnapshots: number;
  diskLowPercent: number;
}

export const DEFAULTS: MaintSettings = {
  stateDir: "/var/lib/aios",
  logDirs: ["/var/log", "/var/lib/aios/log"],
  cleanupPaths: ["/tmp", "/var/tmp", "/var/lib/aios/scratch"],
  aptArchives: "/var/cache/apt/archives",
  databases: ["/var/lib/aios/aios.db"],
  snapshotDir: "/var/lib/aios/snapshots",
  diskMounts: ["/var/lib/aios", "/"],
  rotateBytes: 10 * MiB,
  emergencyRotateBytes: 1 * MiB,
  keepRotated: 5,
  rotatedMaxDays: 30,
  tempAgeDays: 10,
  dbFreePercent: 25,
  dbMinReclaimBytes: 8 * MiB,
  dbWalBytes: 64 * MiB,
  keepAutoSnapshots: 20,
  diskLowPercent: 10,
};

const KEYS: Record<keyof MaintSettings, string> = {
  stateDir: "state_dir", logDirs: "log_dirs", cleanupPaths: "cleanup_paths", aptArchives: "apt_archives", databases: "databases",
  snapshotDir: "snapshot_dir", diskMounts: "disk_mounts", rotateBytes: "rotate_bytes", emergencyRotateBytes: "emergency_rotate_bytes",
  keepRotated: "keep_rotated", rotatedMaxDays: "rotated_max_days", tempAgeDays: "temp_age_days", dbFreePercent: "db_free_percent",
  dbMinReclaimBytes: "db_min_reclaim_bytes", dbWalBytes: "db_wal_bytes", keepAutoSnapshots: "keep_auto_snapshots", diskLowPercent: "disk_low_percent",
};

/** Settings from the declaration's snake_case table; a value of the wrong type falls back to the default. */
export function readSettings(raw: Record<string, unknown>): MaintSettings {
  const out = { ...DEFAULTS } as Record<string, unknown>;
  for (const [k, key] of Object.entries(KEYS)) {
    const v = raw[key];
    const d = (DEFAULTS as unknown as Record<string, unknown>)[k];
    if (Array.isArray(d) ? Array.isArray(v) && v.every((x) => typeof x === "string") : typeof v === typeof d) out[k] = v;
  }
  return out as unknown as MaintSettings;
}
