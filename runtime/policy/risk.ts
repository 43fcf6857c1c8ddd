// Risk is a function of effects alone. A model's or a tool's opinion of its own safety never enters.
import type { Effect } from "./effects.ts";

export type Risk = "none" | "low" | "high";

export interface RiskConfig {
  /** Writes and deletes under these prefixes are low risk (logs, scratch space); elsewhere high. */
  lowRiskPaths: string[];
}

// /etc/resolv.conf is derived state: DHCP rewrites it on every renewal, so putting it back is low risk.
export const DEFAULT_RISK: RiskConfig = { lowRiskPaths: ["/var/log/", "/tmp/", "/var/tmp/", "/var/lib/aios/scratch/", "/etc/resolv.conf"] };

const MILD_SIGNALS = new Set(["HUP", "SIGHUP", "USR1", "SIGUSR1", "USR2", "SIGUSR2", "CONT", "SIGCONT", "0"]);

export function effectRisk(e: Effect, cfg: RiskConfig = DEFAULT_RISK): Exclude<Risk, "none"> {
  switch (e.kind) {
    case "file.write": case "file.delete":
      return cfg.lowRiskPaths.some((p) => e.path.startsWith(p)) ? "low" : "high";
    case "package.install": case "package.upgrade": case "package.hold":
    case "service.start": case "service.restart":
      return "low";
    case "firewall.restore":
      // Converging on the shipped default only tightens (default-deny, ssh and 9090 kept open); any
      // access port it would close is also listed as port.close, which the lock-out guard refuses.
      return "low";
    case "process.signal":
      return MILD_SIGNALS.has(e.signal.toUpperCase()) ? "low" : "high";
    default:
      // package.remove, service.stop, ports, firewall, network, users, ssh keys
      return "high";
  }
}

export function classify(effects: readonly Effect[], cfg: RiskConfig = DEFAULT_RISK): Risk {
  let risk: Risk = "none";
  for (const e of effects) {
    const r = effectRisk(e, cfg);
    if (r === "high") return "high";
    risk = r;
  }
  return risk;
}
