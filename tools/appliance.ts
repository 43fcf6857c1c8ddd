// The tool system as the appliance opens it for aiosctl, the web console and the serial console: the
// state database and snapshots on the state disk, init as the service control, policies from
// <config dir>/agents, and the lock-out guards naming the services that really carry access.
import { userInfo } from "node:os";
import { defaultDbPath } from "../runtime/db/open.ts";
import { auditDbPath } from "../runtime/audit/paths.ts";
import { Memory } from "../runtime/memory/index.ts";
import { configDir, loadAgentPolicy } from "../runtime/policy/agents.ts";
import { DEFAULT_LOCKOUT, type LockoutConfig } from "../runtime/policy/lockout.ts";
import type { AgentPolicy } from "../runtime/policy/modes.ts";
import { establishedPeers } from "../runtime/proc/sockets.ts";
import { openToolSystem, type ToolSystem } from "./index.ts";
import { InitServiceControl } from "./services/init-control.ts";
import { setting, value } from "../runtime/config/settings.ts";
import type { AptConfig } from "./packages/apt.ts";

/** Service ids from image/services whose stop would cut the operator off: ssh and the consoles. */
export const APPLIANCE_LOCKOUT: LockoutConfig = {
  ...DEFAULT_LOCKOUT,
  protectedServices: ["dropbear", "console", "console-vga", "web"],
  // Every aios role (PID 1, the consoles, the web console) is the one binary, so its name is `aios`.
  protectedProcesses: [...DEFAULT_LOCKOUT.protectedProcesses, "aios"],
  // Read at each check: a block is refused for anyone connected over ssh or to the web console now.
  operatorAddresses: () => establishedPeers([DEFAULT_LOCKOUT.sshPort, DEFAULT_LOCKOUT.webPort]),
};

export interface ApplianceToolOptions {
  /** How long health checks watch a risky change before it is kept (default 10 s). */
  settleMs?: number;
  /** Each caller's policy (default: <config dir>/agents/<agent>.toml; the executor passes the declarations). */
  policyFor?: (agent: string) => AgentPolicy;
}

/** Every outcome is also recorded in operational memory, so agents can search what was done. */
export function openApplianceTools(o: ApplianceToolOptions = {}): ToolSystem {
  const memory = Memory.open(defaultDbPath());
  const sys = openToolSystem({
    dbPath: defaultDbPath(),
    auditPath: auditDbPath(),
    snapshotDir: setting("snapshot_dir"),
    policyFor: o.policyFor ?? ((agent) => loadAgentPolicy(agent)),
    services: new InitServiceControl(),
    lockout: APPLIANCE_LOCKOUT,
    files: { readRoots: ["/"], writeRoots: [configDir(), setting("state_dir"), "/var/log"] },
    apt: applianceApt(),
    settleMs: o.settleMs ?? envSettleMs() ?? 10_000,
    memory,
  });
  return { ...sys, close: () => { sys.close(); memory.db.close(); } };
}

/** Runs `fn` on a freshly opened tool system and closes it after, errors included. */
export async function withApplianceTools<T>(fn: (sys: ToolSystem) => Promise<T> | T, o?: ApplianceToolOptions): Promise<T> {
  const sys = openApplianceTools(o);
  try { return await fn(sys); } finally { sys.close(); }
}

/** The audit actor for a person at this process: user:<login>, with where they came in. */
export function personActor(via: string): string {
  let name = "root";
  try { name = process.env.SUDO_USER || process.env.USER || userInfo().username; } catch { /* no passwd entry: stay root */ }
  return `user:${name}@${via}`;
}

/** apt and dpkg options from the settings (packages.apt_options, packages.dpkg_options). */
export function applianceApt(): AptConfig {
  const items = (key: "apt_options" | "dpkg_options") => value(key) as readonly string[];
  return { aptOptions: items("apt_options").flatMap((o) => ["-o", o]), dpkgOptions: [...items("dpkg_options")] };
}

/** AIOS_SETTLE_MS overrides the settle period (tests; an operator with slow services). */
function envSettleMs(): number | undefined {
  const v = process.env.AIOS_SETTLE_MS;
  const n = Number(v);
  return v !== undefined && v !== "" && Number.isInteger(n) && n >= 0 ? n : undefined;
}
