// Risk is a function of effects alone. A model's or a tool's opinion of its own safety never enters.
import type { Effect } from "./effects.ts";

export type Risk = "none" | "low" | "high";

export interface RiskConfig {
  /** Writes and deletes under these prefixes are low risk (logs, scratch space); elsewhere high. */
  lowRiskPaths: string[];
}

/**
 * /var/lib/aios/log/ holds init's per-service logs (the state disk's /var/log); /var/cache/apt/archives/
 * holds downloaded .deb files apt fetches again when needed (`apt-get clean` is routine upkeep).
 * /etc/resolv.conf is derived state: DHCP rewrites it on every renewal, so putting it back is low risk.
 */
export const DEFAULT_RISK: RiskConfig = {
  lowRiskPaths: ["/var/log/", "/tmp/", "/var/tmp/", "/var/lib/aios/scratch/", "/var/lib/aios/log/", "/var/cache/apt/archives/", "/etc/resolv.conf"],
};

const MILD_SIGNALS = new Set(["HUP", "SIGHUP", "USR1", "SIGUSR1", "USR2", "SIGUSR2", "CONT", "SIGCONT", "0"]);

export function effectRisk(e: Effect, cfg: RiskConfig = DEFAULT_RISK): Exclude<Risk, "none"> {
  switch (e.kind) {
    case "file.write": case "file.delete": case "file.discard":
      return lowPath(e.path, cfg) ? "low" : "high";
    case "file.compress":
      return lowPath(e.path, cfg) && lowPath(e.to, cfg) ? "low" : "high";
    case "db.maintain":
      // Checkpoint and vacuum keep every row; "compact" drops only what the declared retention drops.
      return "low";
    case "snapshot.delete":
      // Pruning automatic snapshots to the newest N is what the store does by itself after each one.
      return e.auto ? "low" : "high";
    // Lists change what apt could install, not the system; configuring finishes an install already
    // chosen (same version, its own scripts). Holding only stops change.
    case "snapshot.create": // a copy on the state disk; nothing on the system changes
    case "package.lists": case "package.configure": case "package.hold":
    case "service.start": case "service.restart": case "service.enable":
      return "low";
    case "file.mode":
      return modeRisk(e.from, e.to);
    case "firewall.restore":
      // Converging on the shipped default only tightens (default-deny, ssh and 9090 kept open); any
      // access port it would close is also listed as port.close, which the lock-out guard refuses.
      return "low";
    case "process.signal":
      return MILD_SIGNALS.has(e.signal.toUpperCase()) ? "low" : "high";
    default:
      // package.install/upgrade (new code runs as root, maintainer scripts included), package.remove,
      // service.stop and .disable, ports, firewall, network, users, ssh keys
      return "high";
  }
}

const lowPath = (path: string, cfg: RiskConfig) => cfg.lowRiskPaths.some((p) => path.startsWith(p));

export function classify(effects: readonly Effect[], cfg: RiskConfig = DEFAULT_RISK): Risk {
  let risk: Risk = "none";
  for (const e of effects) {
    const r = effectRisk(e, cfg);
    if (r === "high") return "high";
    risk = r;
  }
  return risk;
}

/**
 * Taking group/other permission bits away (a secret at 0644 → 0600) is low risk; anything else — adding
 * any bit, touching the owner's bits or setuid/setgid/sticky (removing SUID can break a tool) — is high.
 */
export function modeRisk(from: number, to: number): Exclude<Risk, "none"> {
  const removed = from & ~to;
  const added = to & ~from;
  return added === 0 && (removed & ~0o077) === 0 ? "low" : "high";
}
