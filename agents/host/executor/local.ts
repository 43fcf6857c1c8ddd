// The executor itself, in-process: the tool system (registry, approvals, snapshots, audit) on the state
// database, with each agent's policy from its declaration capped by autonomy. The socket server wraps
// this for the agent host; tests use it directly.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { describeEffect } from "../../../runtime/policy/effects.ts";
import { NotFoundError, UserError } from "../../../runtime/errors.ts";
import { setting } from "../../../runtime/config/settings.ts";
import type { Memory } from "../../../runtime/memory/index.ts";
import type { AgentPolicy } from "../../../runtime/policy/modes.ts";
import { decideApproval, type ToolSystem } from "../../../tools/index.ts";
import type { CallRequest } from "../../../tools/outcome.ts";
import type { AgentSpec } from "../../spec/types.ts";
import { AUTONOMY, type Autonomy, type Executor, type Outcome, type Preview, type RecordInput } from "./api.ts";
import { capByAutonomy, specPolicy } from "./policy.ts";

export interface LocalExecutorOptions {
  tools: (policyFor: (agent: string) => AgentPolicy) => ToolSystem;
  memory?: Memory;
  agents: () => AgentSpec[];
  /** Policy of callers that are not declared agents (the operator). */
  fallbackPolicy?: (agent: string) => AgentPolicy;
  /** Where the autonomy switch is kept (a small file on the state disk). */
  autonomyFile: string;
}

export class LocalExecutor implements Executor {
  readonly sys: ToolSystem;
  /** Snapshots taken for each agent's calls: an agent may roll back only its own. */
  private readonly snapshotsOf = new Map<string, Set<string>>();

  constructor(private readonly o: LocalExecutorOptions) {
    this.sys = o.tools((agent) => this.policyFor(agent));
  }

  policyFor(agent: string): AgentPolicy {
    const spec = this.o.agents().find((a) => a.name === agent);
    if (!spec) {
      if (this.o.fallbackPolicy) return this.o.fallbackPolicy(agent);
      throw new NotFoundError(`no agent "${agent}"`);
    }
    return capByAutonomy(specPolicy(spec), this.readAutonomy());
  }

  async preview(req: CallRequest): Promise<Preview> {
    const p = await this.sys.registry.preview(req);
    if (p.status === "preview") return { status: "preview", effects: p.plan.effects.map(describeEffect), risk: p.risk, verdict: p.verdict };
    if (p.status === "refused") return { status: "refused", reason: p.reason, blame: p.blame };
    return { status: "refused", reason: `unexpected preview ${p.status}`, blame: "input" };
  }

  async call(req: CallRequest): Promise<Outcome> {
    const out = await this.sys.registry.call(req);
    if ("snapshotId" in out && out.snapshotId) {
      const set = this.snapshotsOf.get(req.agent) ?? new Set();
      set.add(out.snapshotId);
      this.snapshotsOf.set(req.agent, set);
    }
    return { ...out, auditSeq: this.sys.audit.head().seq };
  }

  async tools() { return this.sys.registry.describe(); }

  async record(r: RecordInput): Promise<{ seq: number }> {
    const e = this.sys.audit.append({ kind: r.kind, actor: r.actor, subject: r.subject, data: r.data });
    if (r.memory) {
      try { this.o.memory?.operational.record(r.kind, r.actor, r.memory, { auditSeq: e.seq, subject: r.subject }); } catch { /* the chain has it */ }
    }
    return { seq: e.seq };
  }

  async approval(id: string) {
    const a = this.sys.approvals.get(id);
    return { id: a.id, status: a.status, decidedBy: a.decidedBy, note: a.note };
  }

  async rollback(agent: string, snapshotId: string, reason: string) {
    if (!this.snapshotsOf.get(agent)?.has(snapshotId)) return { restored: false, detail: `snapshot ${snapshotId} was not taken for ${agent}'s calls (or the executor restarted since)` };
    const r = await this.sys.snapshots.restore(snapshotId);
    this.sys.audit.append({ kind: "rollback", actor: agent, subject: snapshotId, data: { reason, ...r } });
    return { restored: true, detail: `restored ${r.files} file(s)${r.nft ? ", firewall" : ""}${r.dpkg ? ", package selections" : ""}` };
  }

  async autonomy(): Promise<Autonomy> { return this.readAutonomy(); }

  async remember(title: string, body: string, tags: string[]): Promise<void> {
    await this.o.memory?.longterm.remember({ kind: "procedure", title, body, tags, source: "agents" });
  }

  /** Long-term and operational memory, searched by FTS5 (and embeddings when a model embeds). */
  async searchMemory(text: string, limit: number) {
    if (!this.o.memory) return [];
    return (await this.o.memory.search(text, { limit })).hits.map((h) => ({ tier: h.tier, kind: h.kind, title: h.title, text: h.text.slice(0, 500) }));
  }

  // People's verbs: only on the root-only socket.

  setAutonomy(value: string, who: string): Autonomy {
    if (!(AUTONOMY as readonly string[]).includes(value)) throw new UserError(`autonomy must be one of ${AUTONOMY.join(", ")}, not "${value}"`);
    const from = this.readAutonomy();
    const tmp = `${this.o.autonomyFile}.tmp`;
    writeFileSync(tmp, `${value}\n`, { mode: 0o644 });
    renameSync(tmp, this.o.autonomyFile);
    this.sys.audit.append({ kind: "config.change", actor: who, subject: "autonomy", data: { from, to: value } });
    return value as Autonomy;
  }

  /** Approves (and starts running, here, not in the console) or rejects a queued call. */
  decide(id: string, who: string, verb: "approve" | "reject", note?: string): { approval: unknown; running: Promise<unknown> } {
    if (verb === "reject") {
      const r = this.sys.approvals.reject(id, who, note);
      return { approval: r, running: Promise.resolve(null) };
    }
    const approval = this.sys.approvals.get(id);
    if (approval.status !== "pending") throw new UserError(`approval ${id} is ${approval.status}, not pending`);
    const running = decideApproval(this.sys, id, who, "approve", note).then((r) => r.outcome).catch((e) => ({ status: "failed", error: String(e) }));
    return { approval: this.sys.approvals.get(id), running };
  }

  readAutonomy(): Autonomy {
    if (!existsSync(this.o.autonomyFile)) return setting("default_autonomy") as Autonomy;
    const v = readFileSync(this.o.autonomyFile, "utf8").trim();
    return (AUTONOMY as readonly string[]).includes(v) ? (v as Autonomy) : "off"; // a damaged switch fails safe
  }

  close(): void { this.sys.close(); }
}
