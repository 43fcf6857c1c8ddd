// The tool registry: the one door through which agents change the system. It validates input, checks
// capabilities, previews effects, applies lock-out guards and the agent's mode, queues approvals,
// snapshots and health-checks risky changes, and audits every call, refused ones included.
import type { AuditLog } from "../runtime/audit/log.ts";
import { canonicalJson } from "../runtime/audit/canonical.ts";
import { errorMessage, TimeoutError } from "../runtime/errors.ts";
import type { Runner } from "../runtime/proc/exec.ts";
import type { Approval, ApprovalQueue } from "../runtime/policy/approvals.ts";
import { missing } from "../runtime/policy/capabilities.ts";
import type { Plan } from "../runtime/policy/effects.ts";
import { DEFAULT_LOCKOUT, type LockoutConfig, lockoutViolation } from "../runtime/policy/lockout.ts";
import { type AgentPolicy, decide } from "../runtime/policy/modes.ts";
import { classify, DEFAULT_RISK, type Risk, type RiskConfig } from "../runtime/policy/risk.ts";
import { guardedApply } from "../runtime/snapshots/commit.ts";
import type { HealthCheck } from "../runtime/snapshots/health.ts";
import type { SnapshotStore } from "../runtime/snapshots/store.ts";
import { isEmpty, targetsFromEffects } from "../runtime/snapshots/targets.ts";
import { neededCapabilities, type ToolContext, type ToolDeclaration, type ToolInfo } from "./declaration.ts";
import type { CallOutcome, CallRequest, Provenance, RefusalBlame } from "./outcome.ts";
import { validate } from "../runtime/schema/validate.ts";

export interface RegistryOptions {
  audit: AuditLog;
  approvals: ApprovalQueue;
  /** The agent's policy from its config; throw for an unknown agent. */
  policyFor(agent: string): AgentPolicy;
  /** The spawning module every tool command goes through (the sandbox runner on the appliance). */
  runner: Runner;
  lockout?: LockoutConfig;
  risk?: RiskConfig;
  /** Without a store, risky changes run unsnapshotted (tests of policy alone). */
  snapshots?: SnapshotStore;
  /** System-wide checks run after every risky change, besides the tool's own. */
  healthChecks?: HealthCheck[];
  settleMs?: number;
  settleIntervalMs?: number;
  /** Told every outcome (e.g. to record it in operational memory); its errors are ignored. */
  onOutcome?(req: CallRequest, outcome: CallOutcome): void;
}

const AUDIT_RESULT_LIMIT = 4096;

export class ToolRegistry {
  private readonly tools = new Map<string, ToolDeclaration>();

  constructor(private readonly o: RegistryOptions, tools: readonly ToolDeclaration[] = []) {
    for (const t of tools) this.add(t);
  }

  add(t: ToolDeclaration): void {
    if (this.tools.has(t.name)) throw new Error(`tool ${t.name} declared twice`);
    this.tools.set(t.name, t);
  }

  /** Name, description and input schema of every tool: what a model is shown and decodes against. */
  describe(): ToolInfo[] {
    return [...this.tools.values()].map((t) => ({
      name: t.name, description: t.description, input: t.input, destructive: t.destructive,
      capabilities: typeof t.capabilities === "function" ? "per-input" : [...t.capabilities],
    }));
  }

  async call(req: CallRequest): Promise<CallOutcome> {
    const out = await this.decideAndRun(req);
    this.report(req, out);
    return out;
  }

  private async decideAndRun(req: CallRequest): Promise<CallOutcome> {
    const checked = await this.check(req);
    if ("outcome" in checked) return checked.outcome;
    const { tool, policy, plan, risk } = checked;
    const verdict = decide(policy, tool.name, req.input, plan.effects, risk);
    if (verdict.action === "refuse") return this.refuse(req, "policy", verdict.reason, plan);
    const proposed = req.propose === true && verdict.action === "run" && plan.effects.length > 0;
    if (verdict.action === "approve" || proposed) {
      const a = this.o.approvals.request({ agent: req.agent, tool: tool.name, input: req.input, why: req.why, effects: plan.effects, risk });
      const reason = proposed ? `proposed: a person approves every change asked for this way (policy alone would say ${verdict.reason})` : verdict.reason;
      return { status: "pending", approvalId: a.id, effects: plan.effects, risk, expiresAt: a.expiresAt, reason };
    }
    return this.run(tool, req, plan, risk, verdict.reason);
  }

  /**
   * Runs a call a person approved. The effects are previewed again and must equal the approved ones:
   * approval is of effects, so a world that changed since needs a new approval.
   */
  async runApproved(approvalId: string): Promise<CallOutcome> {
    const a = this.o.approvals.get(approvalId);
    const out = await this.approvedRun(a);
    this.report({ agent: a.agent, tool: a.tool, input: a.input, why: a.why as Provenance }, out);
    return out;
  }

  private async approvedRun(a: Approval): Promise<CallOutcome> {
    const approvalId = a.id;
    if (a.status !== "approved" || !this.o.approvals.claim(approvalId)) {
      return { status: "refused", blame: "approval", reason: `approval ${approvalId} is ${this.o.approvals.get(approvalId).status}` };
    }
    const req: CallRequest = { agent: a.agent, tool: a.tool, input: a.input, why: a.why as Provenance };
    const checked = await this.check(req);
    if ("outcome" in checked) { this.o.approvals.finish(approvalId, "failed", checked.outcome); return checked.outcome; }
    if (canonicalJson(checked.plan.effects) !== canonicalJson(a.effects)) {
      const out = this.refuse(req, "approval", "effects changed since approval; propose the call again", checked.plan);
      this.o.approvals.finish(approvalId, "failed", out);
      return out;
    }
    const out = await this.run(checked.tool, req, checked.plan, checked.risk, `approved (${approvalId})`, approvalId);
    this.o.approvals.finish(approvalId, out.status === "done" ? "executed" : "failed", { status: out.status });
    return out;
  }

  /** The effects preview and verdict, without running, queueing or auditing anything. */
  async preview(req: CallRequest): Promise<CallOutcome | { status: "preview"; plan: Plan; risk: Risk; verdict: string }> {
    const checked = await this.check(req, false);
    if ("outcome" in checked) return checked.outcome;
    const v = decide(checked.policy, checked.tool.name, req.input, checked.plan.effects, checked.risk);
    return { status: "preview", plan: checked.plan, risk: checked.risk, verdict: `${v.action}: ${v.reason}` };
  }

  private async check(req: CallRequest, audit = true) {
    const fail = (blame: RefusalBlame, reason: string, plan?: Plan) => ({ outcome: audit ? this.refuse(req, blame, reason, plan) : { status: "refused" as const, blame, reason } });
    const tool = this.tools.get(req.tool);
    if (!tool) return fail("input", `no tool named ${req.tool}`);
    const errs = validate(tool.input, req.input, "input");
    if (errs.length > 0) return fail("input", `invalid input: ${errs.join("; ")}`);
    let policy: AgentPolicy;
    try { policy = this.o.policyFor(req.agent); } catch (err) { return fail("policy", `no policy for agent ${req.agent}: ${errorMessage(err)}`); }
    const lacking = missing(policy.capabilities, neededCapabilities(tool, req.input));
    if (lacking.length > 0) return fail("capability", `agent ${req.agent} lacks capability ${lacking.join(", ")}`);
    let plan: Plan;
    try {
      plan = await withTimeout(tool.plan(req.input, this.ctx(req.agent, tool)), tool.timeoutMs, `${tool.name} plan`);
    } catch (err) {
      return fail("input", `cannot preview ${tool.name}: ${errorMessage(err)}`);
    }
    const lock = lockoutViolation(plan.effects, this.o.lockout ?? DEFAULT_LOCKOUT);
    if (lock) return fail("lockout", `lock-out guard: ${lock}`, plan);
    return { tool, policy, plan, risk: classify(plan.effects, this.o.risk ?? DEFAULT_RISK) };
  }

  private async run(tool: ToolDeclaration, req: CallRequest, plan: Plan, risk: Risk, reason: string, approval?: string): Promise<CallOutcome> {
    const ctx = this.ctx(req.agent, tool);
    const exec = () => withTimeout(tool.execute(req.input, ctx, plan), tool.timeoutMs, tool.name);
    const base = { input: req.input, why: req.why, effects: plan.effects, risk, reason, approval };
    const targets = targetsFromEffects(plan.effects);
    const checks = [...(this.o.healthChecks ?? []), ...(tool.healthChecks?.(req.input) ?? [])];
    if (risk !== "none" && this.o.snapshots && (!isEmpty(targets) || checks.length > 0)) {
      const g = await guardedApply({
        store: this.o.snapshots, audit: this.o.audit, actor: req.agent, subject: tool.name, targets, apply: exec, checks,
        settleMs: this.o.settleMs ?? 0, intervalMs: this.o.settleIntervalMs,
      });
      if (!g.committed) {
        this.o.audit.append({ kind: "tool.failed", actor: req.agent, subject: tool.name, data: { ...base, error: g.reason, snapshot: g.snapshotId, rolledBack: true } });
        return { status: "rolled_back", reason: g.reason, effects: plan.effects, snapshotId: g.snapshotId };
      }
      this.o.audit.append({ kind: "tool.call", actor: req.agent, subject: tool.name, data: { ...base, result: clip(g.result), snapshot: g.snapshotId } });
      return { status: "done", result: g.result, effects: plan.effects, risk, snapshotId: g.snapshotId };
    }
    try {
      const result = await exec();
      this.o.audit.append({ kind: "tool.call", actor: req.agent, subject: tool.name, data: { ...base, result: clip(result) } });
      return { status: "done", result, effects: plan.effects, risk };
    } catch (err) {
      this.o.audit.append({ kind: "tool.failed", actor: req.agent, subject: tool.name, data: { ...base, error: errorMessage(err) } });
      return { status: "failed", error: errorMessage(err), effects: plan.effects };
    }
  }

  private report(req: CallRequest, out: CallOutcome): void {
    try { this.o.onOutcome?.(req, out); } catch { /* a memory hiccup must not fail the call; the audit log has it */ }
  }

  private refuse(req: CallRequest, blame: RefusalBlame, reason: string, plan?: Plan): CallOutcome {
    this.o.audit.append({ kind: "tool.refused", actor: req.agent, subject: req.tool, data: { input: req.input, why: req.why, blame, reason, effects: plan?.effects } });
    return { status: "refused", blame, reason, effects: plan?.effects };
  }

  private ctx(agent: string, tool: ToolDeclaration): ToolContext {
    return { runner: this.o.runner, agent, timeoutMs: tool.timeoutMs };
  }
}

function clip(result: unknown): unknown {
  const text = JSON.stringify(result ?? null);
  return text.length <= AUDIT_RESULT_LIMIT ? result : { truncated: true, head: text.slice(0, AUDIT_RESULT_LIMIT) };
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms); });
  try { return await Promise.race([p, timeout]); } finally { clearTimeout(timer); }
}
