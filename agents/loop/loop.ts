// One agent's loop, in named steps: observe → detect → decide → plan → act → verify → remember.
// Only `act` changes the system, and only through the executor (the tool registry under policy).
// Incidents are the persistent queue: work that could not go on (executor down, approval pending,
// autonomy off) stays in its incident and resumes on a later cycle.
import { errorMessage } from "../../runtime/errors.ts";
import type { Runner } from "../../runtime/proc/exec.ts";
import type { Provenance } from "../../tools/outcome.ts";
import type { Executor } from "../host/executor/api.ts";
import type { Incident, IncidentStore } from "../incidents/store.ts";
import type { AgentSpec } from "../spec/types.ts";
import { type CausedCall, decisionAuditData } from "../provenance/record.ts";
import { type Ask, decide } from "./decide.ts";
import type { AgentContext, AgentModule, Choice, Finding, Memo } from "./types.ts";

export interface LoopDeps {
  spec: AgentSpec;
  mod: AgentModule;
  ask: Ask;
  executor: Executor;
  incidents: IncidentStore;
  memo: Memo;
  runner: Runner;
  root?: string;
  now?: () => number;
  /** The declaration and code of another agent, for findings that agent owns. */
  ownerOf?(name: string): { spec: AgentSpec; mod: AgentModule } | undefined;
  log?(line: string): void;
}

export interface CycleReport { agent: string; findings: Finding[]; opened: number[]; changed: number[]; degraded?: string; ms: number }

const HISTORY = 120;

export class AgentLoop {
  /** Recent observations with when they were made, for detectors that look back (AgentModule.historyMs). */
  private history: { at: number; obs: unknown }[] = [];
  lastObservationAt?: number;
  lastError?: string;
  degraded?: string;

  constructor(readonly d: LoopDeps) {}

  get name(): string { return this.d.spec.name; }

  /** How many observations the loop holds for its detectors now. */
  get historySize(): number { return this.history.length; }

  context(): AgentContext {
    return { now: (this.d.now ?? Date.now)(), settings: this.d.spec.settings, runner: this.d.runner, root: this.d.root ?? "/", memo: this.d.memo };
  }

  /** observe: read the system; nothing else. */
  async observe(): Promise<unknown> {
    const obs = await this.d.mod.observe(this.context());
    this.lastObservationAt = (this.d.now ?? Date.now)();
    return obs;
  }

  /** detect: every detector over the observation and the recent ones; one detector's bug is its own. */
  detect(obs: unknown): Finding[] {
    const ctx = { ...this.context(), history: this.history.map((h) => h.obs) };
    const out: Finding[] = [];
    for (const det of this.d.mod.detectors) {
      try { out.push(...det.detect(obs, ctx)); } catch (err) { this.d.log?.(`detector ${det.name} failed: ${errorMessage(err)}`); }
    }
    const keepMs = this.d.mod.historyMs?.(this.d.spec.settings) ?? 0;
    if (keepMs > 0) {
      this.history.push({ at: ctx.now, obs });
      this.history = this.history.filter((h) => ctx.now - h.at <= keepMs).slice(-HISTORY);
    }
    return out;
  }

  async cycle(): Promise<CycleReport> {
    const started = performance.now();
    const obs = await this.observe();
    const findings = this.detect(obs);
    const opened: number[] = [];
    const changed: number[] = [];
    this.degraded = undefined;
    const seen = new Set(findings.map((f) => f.key));
    for (const f of findings) {
      try {
        let inc = this.d.incidents.openFor(f.key);
        if (!inc) {
          inc = this.d.incidents.open(f, this.name);
          opened.push(inc.id);
          await this.note(inc, "incident.opened", `${inc.kind}: ${inc.summary}`);
        } else this.d.incidents.refresh(inc.id, f);
        if (await this.advance(inc, f)) changed.push(inc.id);
      } catch (err) {
        this.degraded = `cannot handle ${f.kind}: ${errorMessage(err)}`;
        this.d.log?.(this.degraded);
      }
    }
    for (const inc of this.d.incidents.openIncidents().filter((i) => i.agent === this.name && !seen.has(i.key))) {
      try { await this.verifyCleared(inc); changed.push(inc.id); } catch (err) { this.degraded = `cannot close incident ${inc.id}: ${errorMessage(err)}`; }
    }
    return { agent: this.name, findings, opened, changed, degraded: this.degraded, ms: performance.now() - started };
  }

  /** Moves one incident along while its symptom is still there; true when its state changed. */
  private async advance(inc: Incident, f: Finding): Promise<boolean> {
    switch (inc.state) {
      case "open": case "proposed":
        return this.decideAndAct(inc, f);
      case "awaiting_approval": return this.followApproval(inc);
      case "acting": return this.verifyStill(inc);
      default: return false; // escalated: a person has it
    }
  }

  private owner(f: Finding): { spec: AgentSpec; mod: AgentModule } {
    if (!f.owner || f.owner === this.name) return { spec: this.d.spec, mod: this.d.mod };
    return this.d.ownerOf?.(f.owner) ?? { spec: this.d.spec, mod: this.d.mod };
  }

  /** decide → plan → act for one finding (an incident's, or a scheduled job's when inc is absent). */
  async decideAndAct(inc: Incident | undefined, f: Finding): Promise<boolean> {
    const owner = this.owner(f);
    const who = owner.spec.name;
    const autonomy = await this.d.executor.autonomy();
    if (inc?.state === "proposed" && autonomy === "off") return false;
    // decide
    const d = await decide(this.d.ask, who, owner.mod, f, owner.spec.settings);
    const { decision } = d;
    const rec = await this.d.executor.record({
      kind: "decision", actor: `agent:${who}`, subject: f.kind, data: decisionAuditData(d, f.kind, inc?.id),
      memory: `${who} decided ${d.choice?.action ?? "nothing"} for ${f.summary}`,
    });
    if (inc) this.d.incidents.update(inc.id, { decision: { ts: Date.now(), decisionId: decision.id, tier: decision.tier, model: decision.modelId, promptHash: d.promptHash, cacheHit: decision.attempts.some((a) => a.cacheHit), action: d.choice?.action ?? "-", params: d.choice?.params ?? {}, reason: d.choice?.reason ?? d.problem ?? "", auditSeq: rec.seq, degraded: decision.degraded } });
    if (!d.choice) return this.setState(inc, "escalated", `no decision: ${d.problem}`);
    const c = d.choice;
    if (c.action === "ignore") return this.setState(inc, "resolved", `ignored: ${c.reason}`);
    if (c.action === "escalate") return this.setState(inc, "escalated", c.reason);
    if (autonomy === "off") return this.setState(inc, "proposed", `autonomy is off: would ${c.action} (${c.reason})`);
    return this.act(inc, f, owner, c, { reason: c.reason, tier: decision.tier, model: decision.modelId, evidence: f.evidence.slice(0, 5), decision: decision.id, decisionSeq: rec.seq, incident: inc?.id } as Provenance);
  }

  /** act, then one `decision.acted` entry naming the calls the decision caused (the chain's forward link). */
  private async act(inc: Incident | undefined, f: Finding, owner: { spec: AgentSpec; mod: AgentModule }, c: Choice, why: Provenance): Promise<boolean> {
    const caused: CausedCall[] = [];
    try { return await this.carryOut(inc, f, owner, c, why, caused); } finally {
      const w = why as Provenance & { decision?: string; decisionSeq?: number };
      if (caused.length) await this.d.executor.record({ kind: "decision.acted", actor: `agent:${owner.spec.name}`, subject: f.kind, data: { incident: inc?.id, decision: w.decision, decisionSeq: w.decisionSeq, calls: caused } }).catch(() => {});
    }
  }

  /** plan + act: preview each call's effects, then carry them out through the executor. */
  private async carryOut(inc: Incident | undefined, f: Finding, owner: { spec: AgentSpec; mod: AgentModule }, c: Choice, why: Provenance, caused: CausedCall[]): Promise<boolean> {
    const calls = owner.mod.actions[c.action]!.calls(c.params, f);
    for (const call of calls) {
      const req = { agent: owner.spec.name, tool: call.tool, input: call.input, why };
      const plan = await this.d.executor.preview(req);
      if (plan.status === "refused") {
        caused.push({ tool: call.tool, status: `refused (${plan.blame})`, reason: plan.reason });
        if (inc) this.d.incidents.update(inc.id, { action: { ts: Date.now(), action: c.action, tool: call.tool, input: call.input, status: "refused", detail: plan.reason } });
        return this.setState(inc, "escalated", `${call.tool} refused (${plan.blame}): ${plan.reason}`);
      }
      const out = await this.d.executor.call(req);
      caused.push({ tool: call.tool, status: out.status, auditSeq: out.auditSeq, approvalId: out.status === "pending" ? out.approvalId : undefined, snapshotId: "snapshotId" in out ? out.snapshotId : undefined });
      const effects = "effects" in out && out.effects ? plan.effects : undefined;
      if (inc) this.d.incidents.update(inc.id, { action: {
        ts: Date.now(), action: c.action, tool: call.tool, input: call.input, status: out.status, auditSeq: out.auditSeq, effects,
        approvalId: out.status === "pending" ? out.approvalId : undefined, snapshotId: "snapshotId" in out ? out.snapshotId : undefined,
        detail: out.status === "refused" || out.status === "rolled_back" ? out.reason : out.status === "failed" ? out.error : undefined,
      } });
      if (out.status === "pending") return this.setState(inc, "awaiting_approval", `waiting for approval ${out.approvalId}: ${plan.effects.join("; ")}`);
      if (out.status !== "done") return this.setState(inc, "escalated", `${call.tool} ${out.status}: ${"reason" in out ? out.reason : "error" in out ? out.error : ""}`);
    }
    if (inc) this.d.incidents.update(inc.id, { cycles: 0 });
    return this.setState(inc, "acting", `${c.action} done; verifying`);
  }

  private async followApproval(inc: Incident): Promise<boolean> {
    const last = [...inc.actions].reverse().find((a) => a.approvalId);
    if (!last?.approvalId) return this.setState(inc, "escalated", "lost track of its approval");
    const a = await this.d.executor.approval(last.approvalId);
    if (a.status === "pending" || a.status === "approved" || a.status === "running") return false;
    if (a.status === "executed") {
      this.d.incidents.update(inc.id, { cycles: 0, action: { ts: Date.now(), action: last.action, tool: last.tool, input: last.input, status: "done", approvalId: a.id, detail: `approved by ${a.decidedBy}` } });
      return this.setState(inc, "acting", `approved by ${a.decidedBy}; verifying`);
    }
    return this.setState(inc, "escalated", `approval ${a.id} ${a.status}${a.decidedBy ? ` by ${a.decidedBy}` : ""}`);
  }

  /** verify: the symptom is still there after an action; after verify_cycles, roll back and escalate. */
  private async verifyStill(inc: Incident): Promise<boolean> {
    const cycles = inc.cyclesSinceAction + 1;
    if (cycles < this.d.spec.escalation.verifyCycles) { this.d.incidents.update(inc.id, { cycles, verification: `still present (${cycles})` }); return false; }
    const rolled: string[] = [];
    for (const a of inc.actions.filter((x) => x.snapshotId)) {
      const r = await this.d.executor.rollback(inc.owner, a.snapshotId!, `incident ${inc.id}: symptom did not clear`);
      rolled.push(r.detail);
    }
    this.d.incidents.update(inc.id, { cycles, verification: `not cleared after ${cycles} cycles${rolled.length ? `; rolled back: ${rolled.join("; ")}` : ""}` });
    return this.setState(inc, "escalated", "the action did not clear the symptom; a person must look");
  }

  /** verify + remember: the symptom is gone. */
  private async verifyCleared(inc: Incident): Promise<void> {
    if (inc.state === "awaiting_approval" && (await this.followApproval(inc))) inc = this.d.incidents.get(inc.id)!;
    const fixed = inc.state === "acting";
    const last = inc.actions.at(-1);
    this.d.incidents.update(inc.id, { verification: fixed ? `cleared after ${last?.action}` : "cleared by itself" });
    await this.setState(inc, "resolved", fixed ? `fixed by ${last?.action}` : `cleared (was ${inc.state})`);
    if (fixed && last) {
      await this.d.executor.remember(`${inc.kind} fixed by ${last.action}`, `${inc.summary}\nAction: ${last.action} via ${last.tool} ${JSON.stringify(last.input)}`, [inc.kind, inc.owner, "procedure"]).catch(() => {});
    }
  }

  private async setState(inc: Incident | undefined, state: Incident["state"], note: string): Promise<boolean> {
    if (!inc) return true;
    const cur = this.d.incidents.get(inc.id)!;
    this.d.incidents.update(inc.id, { state, note });
    if (cur.state !== state) await this.note({ ...cur, state }, `incident.${state}`, `${cur.kind}: ${note}`);
    return cur.state !== state;
  }

  private async note(inc: Incident, kind: string, text: string): Promise<void> {
    await this.d.executor.record({ kind, actor: `agent:${this.name}`, subject: `incident:${inc.id}`, data: { incident: inc.id, kind: inc.kind, key: inc.key, state: inc.state, owner: inc.owner }, memory: `incident ${inc.id} ${text}` });
  }

  /** A scheduled job: its findings go through decide and act (no incident: it is routine work). */
  async runJob(name: string): Promise<{ ok: boolean; message: string }> {
    const job = this.d.mod.jobs?.[name];
    if (!job) return { ok: false, message: `agent ${this.name} has no job ${name}` };
    const obs = await this.observe();
    const findings = job(obs, this.context());
    for (const f of findings) await this.decideAndAct(undefined, f);
    return { ok: true, message: findings.length ? findings.map((f) => f.summary).join("; ") : "nothing to do" };
  }
}
