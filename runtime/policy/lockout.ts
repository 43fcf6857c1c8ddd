// Lock-out guards: changes that would cut the operator off (ssh on its port, the serial console, the
// web console on 9090) are refused in every mode, trusted included. They read effects only.
import { BlockList, isIP } from "node:net";
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
  /**
   * Where operators are connected from right now (peers of established ssh and web sessions); asked at
   * each check, so a block proposed before an operator connected is refused when it is approved.
   */
  operatorAddresses?: () => readonly string[];
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
      case "service.stop": case "service.disable":
        if (cfg.protectedServices.includes(e.service)) return `would cut off access: ${e.kind === "service.stop" ? "stopping" : "disabling"} service ${e.service}`;
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
      case "firewall.block": {
        const hit = coveredOperator([e.addr], false, cfg);
        if (hit) return `would cut off the operator connected from ${hit}: blocking ${e.addr}`;
        break;
      }
      case "firewall.rule": {
        const m = e.change === "add" && /\b(drop|reject)\b/.test(e.rule) ? e.rule.match(/\bsaddr (!= )?(\{[^}]*\}|\S+)/) : null;
        const hit = m ? coveredOperator(m[2]!.replace(/[{}]/g, "").split(/[\s,]+/).filter(Boolean), !!m[1], cfg) : null;
        if (hit) return `would cut off the operator connected from ${hit}: firewall rule "${e.rule}"`;
        break;
      }
      case "file.delete": case "file.discard":
        if (/\/authorized_keys2?$/.test(e.path) && e.path.includes("/root/")) return `would cut off ssh: deleting ${e.path}`;
        break;
    }
  }
  return null;
}

/** The first operator address the given addresses/prefixes cover (or, negated, leave out), else null. */
function coveredOperator(addrs: readonly string[], negated: boolean, cfg: LockoutConfig): string | null {
  const ops = cfg.operatorAddresses?.() ?? [];
  if (ops.length === 0) return null;
  const list = new BlockList();
  for (const a of addrs) {
    const [ip = "", bits] = a.split("/");
    const v = isIP(ip);
    if (v === 0) continue; // a named set or a hostname: not an address we can judge here
    const type = v === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  for (const op of ops) {
    const v = isIP(op);
    if (v === 0) continue;
    if (list.check(op, v === 4 ? "ipv4" : "ipv6") !== negated) return op;
  }
  return null;
}
