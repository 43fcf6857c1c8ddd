// A registry wired the way the appliance wires it, on a temp state dir: real SQLite audit log and
// approval queue, real snapshot store, the real runner.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog } from "../../../runtime/audit/index.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { realRunner, type Runner } from "../../../runtime/proc/exec.ts";
import { type AgentPolicy, ApprovalQueue, type RiskConfig } from "../../../runtime/policy/index.ts";
import type { LockoutConfig } from "../../../runtime/policy/lockout.ts";
import type { NftTarget } from "../../../runtime/sandbox/nft.ts";
import { SnapshotStore } from "../../../runtime/snapshots/index.ts";
import type { HealthCheck, ToolDeclaration } from "../../../tools/declaration.ts";
import { ToolRegistry } from "../../../tools/registry.ts";

export interface Harness {
  dir: string;
  audit: AuditLog;
  approvals: ApprovalQueue;
  snapshots: SnapshotStore;
  registry: ToolRegistry;
  policies: Map<string, AgentPolicy>;
  close(): void;
}

export function policy(agent: string, mode: AgentPolicy["mode"], capabilities: string[], extra: Partial<AgentPolicy> = {}): AgentPolicy {
  return { agent, mode, capabilities, allowlist: [], patterns: { dangerous: [], confirm: [] }, ...extra };
}

export function harness(tools: (dir: string) => ToolDeclaration[], opts: { runner?: Runner; nft?: NftTarget; aptOptions?: string[]; dpkgOptions?: string[]; risk?: (dir: string) => RiskConfig; healthChecks?: HealthCheck[]; settleMs?: number; lockout?: LockoutConfig } = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), "aios-tools-"));
  mkdirSync(join(dir, "state"));
  const db = openDatabase(join(dir, "state", "aios.db"), { synchronous: "FULL" });
  const audit = new AuditLog(db);
  const approvals = new ApprovalQueue(db, audit, 60_000);
  const runner = opts.runner ?? realRunner;
  const snapshots = new SnapshotStore(join(dir, "state", "snapshots"), { runner, nft: opts.nft, aptOptions: opts.aptOptions, dpkgOptions: opts.dpkgOptions, keepAuto: 3 });
  const policies = new Map<string, AgentPolicy>();
  const registry = new ToolRegistry({
    audit, approvals, runner, snapshots, risk: opts.risk?.(dir), lockout: opts.lockout, healthChecks: opts.healthChecks, settleMs: opts.settleMs ?? 0, settleIntervalMs: 10,
    policyFor: (a) => { const p = policies.get(a); if (!p) throw new Error("unknown agent"); return p; },
  }, tools(dir));
  return { dir, audit, approvals, snapshots, registry, policies, close: () => { db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export const why = { reason: "test", tier: "reactive" } as const;
