// Composition root for tools on the appliance: every tool family with its appliance defaults, and the
// registry wired to the audit log, approval queue, snapshots and the sandbox runner on the state DB.
import { AuditLog } from "../runtime/audit/log.ts";
import { auditPathFor } from "../runtime/audit/paths.ts";
import { openDatabase } from "../runtime/db/open.ts";
import type { Runner } from "../runtime/proc/exec.ts";
import { ApprovalQueue } from "../runtime/policy/approvals.ts";
import { DEFAULT_LOCKOUT, type LockoutConfig } from "../runtime/policy/lockout.ts";
import type { AgentPolicy } from "../runtime/policy/modes.ts";
import { HOST_NFT, type NftTarget } from "../runtime/sandbox/nft.ts";
import { SandboxRunner } from "../runtime/sandbox/runner.ts";
import type { HealthCheck } from "../runtime/snapshots/health.ts";
import { SnapshotStore } from "../runtime/snapshots/store.ts";
import type { Memory } from "../runtime/memory/index.ts";
import { describeEffect } from "../runtime/policy/effects.ts";
import type { ToolDeclaration } from "./declaration.ts";
import type { CallOutcome, CallRequest } from "./outcome.ts";
import { diskTools } from "./disks/index.ts";
import { chmodTools } from "./files/chmod.ts";
import { type FilesConfig, filesTools } from "./files/index.ts";
import { blockTools } from "./firewall/block.ts";
import { firewallTools } from "./firewall/index.ts";
import { hardwareTools } from "./hardware/index.ts";
import { applianceMaintenance, type MaintenanceConfig, maintenanceTools } from "./maintenance/index.ts";
import { networkTools } from "./network/index.ts";
import type { AptConfig } from "./packages/apt.ts";
import { packageTools } from "./packages/index.ts";
import { processTools } from "./processes/index.ts";
import { ToolRegistry } from "./registry.ts";
import { type ServiceControl, serviceTools } from "./services/index.ts";
import { userTools } from "./users/index.ts";
import { setting, value } from "../runtime/config/settings.ts";

export interface ToolSystemOptions {
  /** The state database (runtime/db/open.ts defaultDbPath()). */
  dbPath: string;
  /** The audit log's own file (the appliance passes paths.audit_db; default: audit.db beside dbPath). */
  auditPath?: string;
  /** Where snapshots live on the state disk, e.g. /var/lib/aios/snapshots. */
  snapshotDir: string;
  /** Each agent's policy, from its config (runtime/policy/config.ts parseAgentPolicy). */
  policyFor(agent: string): AgentPolicy;
  /** aios init's control client. */
  services: ServiceControl;
  runner?: Runner;
  lockout?: LockoutConfig;
  files?: FilesConfig;
  logDir?: string;
  /** Housekeeping paths (logs, temp, apt cache, databases, snapshots); default: the appliance's. */
  maintenance?: MaintenanceConfig;
  nft?: NftTarget;
  apt?: AptConfig;
  healthChecks?: HealthCheck[];
  settleMs?: number;
  approvalTtlMs?: number;
  keepAutoSnapshots?: number;
  /** When given, every tool outcome is recorded as a tool result in operational memory. */
  memory?: Memory;
}

export function applianceTools(o: Pick<ToolSystemOptions, "services" | "lockout" | "files" | "logDir" | "maintenance" | "nft" | "apt">): ToolDeclaration[] {
  const lock = o.lockout ?? DEFAULT_LOCKOUT;
  return [
    ...filesTools(o.files ?? { readRoots: ["/"], writeRoots: [setting("config_dir"), setting("state_dir"), "/var/log"] }),
    // Modes may be tightened anywhere (secrets, SUID bits); risk comes from the bits, not the path.
    ...chmodTools({ roots: ["/"] }),
    ...processTools(),
    ...serviceTools(o.services),
    ...networkTools({ accessPorts: [lock.sshPort, lock.webPort] }),
    ...firewallTools({ target: o.nft ?? HOST_NFT, watchPorts: [lock.sshPort, lock.webPort] }),
    ...blockTools({ target: o.nft ?? HOST_NFT, watchPorts: [lock.sshPort, lock.webPort] }),
    ...packageTools(o.apt),
    ...diskTools({ logDir: o.logDir ?? "/var/log" }),
    ...maintenanceTools(o.maintenance ?? applianceMaintenance(setting("state_dir"))),
    ...hardwareTools(),
    ...userTools({ root: "/" }),
  ];
}

export function openToolSystem(o: ToolSystemOptions) {
  const db = openDatabase(o.dbPath, { synchronous: "FULL" });
  const audit = AuditLog.open(o.auditPath ?? auditPathFor(o.dbPath), { importFrom: o.dbPath });
  const approvals = new ApprovalQueue(db, audit, o.approvalTtlMs ?? (value("approval_ttl") as number));
  const runner = o.runner ?? new SandboxRunner();
  const snapshots = new SnapshotStore(o.snapshotDir, { runner, nft: o.nft, aptOptions: o.apt?.aptOptions, dpkgOptions: o.apt?.dpkgOptions, keepAuto: o.keepAutoSnapshots });
  const registry = new ToolRegistry({
    audit, approvals, runner, snapshots, policyFor: o.policyFor, lockout: o.lockout,
    healthChecks: o.healthChecks, settleMs: o.settleMs ?? 10_000, settleIntervalMs: 1000,
    onOutcome: o.memory ? (req, out) => o.memory!.operational.recordToolResult(req.tool, summarize(req, out), { agent: req.agent, outcome: out.status }) : undefined,
  }, applianceTools(o));
  return { db, audit, approvals, snapshots, registry, runner, close: () => { db.close(); audit.db.close(); } };
}

export type ToolSystem = ReturnType<typeof openToolSystem>;

/** The searchable text of an outcome: who, what, and what it changed or why not. */
export function summarize(req: CallRequest, out: CallOutcome): string {
  const effects = "effects" in out && out.effects ? out.effects.map(describeEffect).join("; ") : "";
  const why = out.status === "refused" || out.status === "rolled_back" ? out.reason : out.status === "failed" ? out.error : "";
  return `${req.agent} ${req.tool} ${out.status}${why ? `: ${why}` : ""}${effects ? ` [${effects}]` : ""}`;
}
export type { ToolDeclaration, ToolContext } from "./declaration.ts";
export type { CallOutcome, CallRequest, Provenance } from "./outcome.ts";
export type { ServiceControl, ServiceStatus, ServiceState } from "./services/index.ts";

/**
 * For aiosctl, the web console and the serial console: approve and run a queued call, or reject it.
 * Approval is of the previewed effects: if they changed since, the call is refused, not run.
 */
export async function decideApproval(sys: Pick<ToolSystem, "approvals" | "registry">, id: string, who: string, decision: "approve" | "reject", note?: string) {
  if (decision === "reject") return { approval: sys.approvals.reject(id, who, note), outcome: null };
  const approval = sys.approvals.approve(id, who, note);
  return { approval, outcome: await sys.registry.runApproved(id) };
}
