// The security agent's [settings], typed, with the defaults the image ships (image/agents/security.toml
// repeats them for people). Bad values fall back to the default rather than disabling a watch.
export interface Secret { path: string; max: number }

export interface SecuritySettings {
  /** "tcp:22"-style listeners that are always expected; loopback-only listeners too when loopbackOk. */
  expectedListeners: string[];
  loopbackOk: boolean;
  sshPort: number;
  /** Ports whose established sessions are "an operator connected from here" (ssh, web console). */
  operatorPorts: number[];
  bruteForceFailures: number;
  bruteForceWindowS: number;
  /** Addresses/prefixes never proposed for blocking (loopback). */
  neverBlock: string[];
  /** "control" reads dropbear's lines from init; a path reads init's per-service log file instead. */
  sshLog: string;
  sshService: string;
  identityFiles: string[];
  sudoersDir: string;
  /** Paths (a `*` allowed in the last component) and the loosest mode each may have. */
  secrets: Secret[];
  suidDirs: string[];
  suidSweepDirs: string[];
  suidMaxEntries: number;
  /** Seconds between full walks of suid_dirs (every file lstat'd); between them only changed dirs are listed. */
  suidRescanS: number;
  /** Seconds between owner searches (the /proc/<pid>/fd scan, ss) while the listening sockets are the same. */
  ownerRescanS: number;
  /** Process names never proposed for stopping (access and the appliance itself): escalated instead. */
  neverStop: string[];
  block: { family: string; table: string; chain: string };
}

export const DEFAULTS: SecuritySettings = {
  expectedListeners: ["tcp:22", "tcp:9090"],
  loopbackOk: true,
  sshPort: 22,
  operatorPorts: [22, 9090],
  bruteForceFailures: 5,
  bruteForceWindowS: 600,
  neverBlock: ["127.0.0.0/8", "::1"],
  sshLog: "control",
  sshService: "dropbear",
  identityFiles: ["/etc/passwd", "/etc/shadow", "/etc/group", "/etc/sudoers"],
  sudoersDir: "/etc/sudoers.d",
  secrets: [
    { path: "/etc/aios/secrets.toml", max: 0o600 },
    { path: "/etc/shadow", max: 0o640 },
    { path: "/etc/dropbear/*_key", max: 0o600 },
    { path: "/var/lib/aios/ssh/*_key", max: 0o600 },
  ],
  suidDirs: ["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/tmp", "/var/tmp", "/dev/shm"],
  suidSweepDirs: ["/usr", "/etc", "/opt", "/var", "/home", "/root", "/tmp"],
  suidMaxEntries: 200_000,
  suidRescanS: 300,
  ownerRescanS: 300,
  neverStop: ["dropbear", "aios", "init", "sshd"],
  block: { family: "inet", table: "aios", chain: "input" },
};

const strs = (v: unknown, d: string[]) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : d);
const nums = (v: unknown, d: number[]) => (Array.isArray(v) && v.every((x) => Number.isInteger(x)) ? (v as number[]) : d);
const int = (v: unknown, d: number, min = 1) => (Number.isInteger(v) && (v as number) >= min ? (v as number) : d);
const str = (v: unknown, d: string) => (typeof v === "string" && v !== "" ? v : d);

/** "0600" / "600" / 384 → 384; anything else → undefined. */
export function parseMode(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0o7777) return v;
  if (typeof v === "string" && /^0?[0-7]{3,4}$/.test(v)) return parseInt(v, 8);
  return undefined;
}

export function readSettings(raw: Record<string, unknown>): SecuritySettings {
  const secrets = Array.isArray(raw.secrets)
    ? (raw.secrets as unknown[]).flatMap((x) => {
      const o = x as { path?: unknown; max?: unknown };
      const max = parseMode(o?.max);
      return typeof o?.path === "string" && o.path.startsWith("/") && max !== undefined ? [{ path: o.path, max }] : [];
    })
    : DEFAULTS.secrets;
  const b = (raw.block ?? {}) as Record<string, unknown>;
  return {
    expectedListeners: strs(raw.expected_listeners, DEFAULTS.expectedListeners),
    loopbackOk: typeof raw.loopback_ok === "boolean" ? raw.loopback_ok : DEFAULTS.loopbackOk,
    sshPort: int(raw.ssh_port, DEFAULTS.sshPort),
    operatorPorts: nums(raw.operator_ports, DEFAULTS.operatorPorts),
    bruteForceFailures: int(raw.brute_force_failures, DEFAULTS.bruteForceFailures),
    bruteForceWindowS: int(raw.brute_force_window_s, DEFAULTS.bruteForceWindowS),
    neverBlock: strs(raw.never_block, DEFAULTS.neverBlock),
    sshLog: str(raw.ssh_log, DEFAULTS.sshLog),
    sshService: str(raw.ssh_service, DEFAULTS.sshService),
    identityFiles: strs(raw.identity_files, DEFAULTS.identityFiles),
    sudoersDir: str(raw.sudoers_dir, DEFAULTS.sudoersDir),
    secrets,
    suidDirs: strs(raw.suid_dirs, DEFAULTS.suidDirs),
    suidSweepDirs: strs(raw.suid_sweep_dirs, DEFAULTS.suidSweepDirs),
    suidMaxEntries: int(raw.suid_max_entries, DEFAULTS.suidMaxEntries),
    suidRescanS: int(raw.suid_rescan_s, DEFAULTS.suidRescanS, 0),
    ownerRescanS: int(raw.owner_rescan_s, DEFAULTS.ownerRescanS, 0),
    neverStop: strs(raw.never_stop, DEFAULTS.neverStop),
    block: { family: str(b.family, DEFAULTS.block.family), table: str(b.table, DEFAULTS.block.table), chain: str(b.chain, DEFAULTS.block.chain) },
  };
}

/** Untrusted text (log lines, usernames, file lines) as data: control characters out, length bounded. */
export function clip(text: string, max = 160): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
