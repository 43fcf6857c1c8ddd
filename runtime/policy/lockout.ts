// Lock-out guards: changes that would cut the operator off (ssh on its port, the serial console, the
// web console on 9090) are refused in every mode, trusted included. They read effects only.
import type { Effect } from "./effects.ts";

export interface LockoutConfig {
  sshPort: number;
  webPort: number;
  /** Service ids whose stop would cut access (ssh daemon, serial and web consoles). */
  protectedServices: string[];
  /** Process names a terminating signal must not reach. */
  protectedProcesses: string[];
  /** Packages whose removal would cut access. */
  protectedPackages: string[];
  /** Interfaces that must not be taken down (empty: any interface with the default route). */
  protectedInterfaces: string[];
}

export const DEFAULT_LOCKOUT: LockoutConfig = {
  sshPort: 22,
  webPort: 9090,
  protectedServices: ["ssh", "sshd", "dropbear", "console-serial", "serial-console", "console-web", "web-console"],
  protectedProcesses: ["dropbear", "sshd", "aios-console", "getty", "agetty"],
  protectedPackages: ["dropbear", "dropbear-bin", "openssh-server", "nftables", "iproute2"],
  protectedInterfaces: [],
};

const TERMINATING = /^(SIG)?(TERM|KILL|INT|QUIT|STOP|TSTP|ABRT)$/i;

/** Returns why the effects would lock the operator out, or null when they would not. */
export function lockoutViolation(effects: readonly Effect[], cfg: LockoutConfig = DEFAULT_LOCKOUT): string | null {
  for (const e of effects) {
    switch (e.kind) {
      case "port.close":
        if (e.proto === "tcp" && e.port === cfg.sshPort) return `would cut off ssh: port ${e.port}/tcp becomes unreachable`;
        if (e.proto === "tcp" && e.port === cfg.webPort) return `would cut off the web console: port ${e.port}/tcp becomes unreachable`;
        break;
      case "service.stop":
        if (cfg.protectedServices.includes(e.service)) return `would cut off access: stopping service ${e.service}`;
        break;
      case "process.signal":
        if (TERMINATING.test(e.signal) && cfg.protectedProcesses.includes(e.name)) return `would cut off access: ${e.signal} to ${e.name} (pid ${e.pid})`;
        break;
      case "package.remove":
        if (cfg.protectedPackages.includes(e.name)) return `would cut off access: removing package ${e.name}`;
        break;
      case "net.link":
        if (e.change === "down" && cfg.protectedInterfaces.includes(e.iface)) return `would cut off access: taking ${e.iface} down`;
        break;
      case "ssh.key.remove":
        if (e.user === "root" && e.remaining === 0) return `would cut off ssh: removing root's last authorized key`;
        break;
      case "file.delete": case "file.discard":
        if (/\/authorized_keys2?$/.test(e.path) && e.path.includes("/root/")) return `would cut off ssh: deleting ${e.path}`;
        break;
    }
  }
  return null;
}
