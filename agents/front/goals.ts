// Goals: a request that needs changes becomes a goal with one task per step, in working memory on the
// agents' database, so it is visible (`aiosctl goals`) and resumes after a restart or a reboot. Each
// step is carried out by the worker agent that holds the tool, through the executor and the registry
// (policy, approvals, lock-out guards, snapshots); a step waiting for a person blocks the goal until
// the approval is decided. At the end the goal is evaluated against the real system, and what worked
// is remembered as a procedure.
import type { Database } from "bun:sqlite";
import { migrate } from "../../runtime/db/open.ts";
import { errorMessage } from "../../runtime/errors.ts";
import { memoryMigrations, MEMORY_SCOPE } from "../../runtime/memory/schema.ts";
import { WorkingMemory, type WorkItem } from "../../runtime/memory/working.ts";
import { describeEffect, type Effect } from "../../runtime/policy/effects.ts";
import { evaluate } from "./checks.ts";
import type { Emit, FrontContext, Plan, PlanStep, Understood } from "./types.ts";

export const FRONT = "front";

interface GoalDetail { plan: Plan; who: string; request: string; tier: Understood; evaluation?: string; outcome?: string }
interface TaskDetail { step: PlanStep; agent: string; approvalId?: string; outcome?: string; auditSeq?: number }

export interface GoalView { id: number; title: string; state: string; who: string; request: string; tier: string; createdAt: number; updatedAt: number; evaluation?: string; outcome?: string; tasks: { id: number; title: string; state: string; agent: string; approvalId?: string; outcome?: string }[] }

const effectText = (e: unknown) => (typeof e === "string" ? e : describeEffect(e as Effect));

export class Goals {
  readonly work: WorkingMemory;

  constructor(private readonly db: Database, private readonly now: () => number = Date.now) {
    migrate(db, MEMORY_SCOPE, memoryMigrations);
    this.work = new WorkingMemory(db, now);
  }

  view(g: WorkItem): GoalView {
    const d = g.detail as GoalDetail;
    return {
      id: g.id, title: g.title, state: g.state, who: d.who, request: d.request, tier: d.tier, createdAt: g.createdAt, updatedAt: g.updatedAt, evaluation: d.evaluation, outcome: d.outcome,
      tasks: this.work.tasks(g.id).map((t) => { const td = t.detail as TaskDetail; return { id: t.id, title: t.title, state: t.state, agent: td.agent, approvalId: td.approvalId, outcome: td.outcome }; }),
    };
  }

  list(limit = 20): GoalView[] {
    const rows = this.db.query<{ id: number }, [string, number]>("SELECT id FROM mem_work WHERE kind = 'goal' AND owner = ? ORDER BY id DESC LIMIT ?").all(FRONT, limit);
    return rows.reverse().map((r) => this.view(this.work.get(r.id)));
  }

  get(id: number): GoalView { return this.view(this.work.get(id)); }

  open(): WorkItem[] { return this.work.open(FRONT).filter((w) => w.kind === "goal"); }

  /** Makes the goal and runs it as far as it goes (to the end, or to a step waiting for approval). */
  async start(plan: Plan, ctx: FrontContext, tier: Understood, emit: Emit): Promise<number> {
    const g = this.work.addGoal(FRONT, plan.title, { plan, who: ctx.who, request: ctx.request.slice(0, 500), tier } satisfies GoalDetail);
    for (const step of plan.steps) {
      const agent = ctx.ownerOf(step.tool) ?? "?";
      this.work.addTask(g.id, `${step.tool} ${JSON.stringify(step.input)}`.slice(0, 200), { step, agent } satisfies TaskDetail);
    }
    this.work.setState(g.id, "active");
    emit({ type: "goal", goal: g.id, state: "active", title: plan.title });
    await this.run(g.id, ctx, emit);
    return g.id;
  }

  private readonly running = new Map<number, Promise<string>>();

  /** Carries a goal on: decided approvals are read back, the next steps run, the end is evaluated.
   *  One run per goal at a time (a console's resume and the background follower may meet). */
  run(id: number, ctx: FrontContext, emit: Emit = () => {}): Promise<string> {
    const inflight = this.running.get(id);
    if (inflight) return inflight;
    const p = this.step(id, ctx, emit).finally(() => this.running.delete(id));
    this.running.set(id, p);
    return p;
  }

  private async step(id: number, ctx: FrontContext, emit: Emit): Promise<string> {
    const g = this.work.get(id);
    const d = g.detail as GoalDetail;
    if (["done", "failed", "cancelled"].includes(g.state)) return g.state;
    for (const t of this.work.tasks(id)) {
      if (t.state === "done") continue;
      const td = t.detail as TaskDetail;
      if (t.state === "blocked" && td.approvalId) {
        const a = await ctx.executor.approval(td.approvalId);
        if (a.status === "pending" || a.status === "approved" || a.status === "running") { this.block(id); return "blocked"; }
        if (a.status === "executed") { this.work.setState(t.id, "done", { ...td, outcome: `approved by ${a.decidedBy ?? "?"} and carried out` }); emit({ type: "text", text: `✓ ${td.step.tool}: approved by ${a.decidedBy} and carried out` }); continue; }
        const why = a.status === "rejected" ? `rejected by ${a.decidedBy ?? "?"}${a.note ? `: ${a.note}` : ""}` : a.status === "expired" ? "the approval expired" : "it failed when carried out";
        this.work.setState(t.id, a.status === "rejected" ? "cancelled" : "failed", { ...td, outcome: why });
        return this.finish(id, a.status === "rejected" ? "cancelled" : "failed", why, ctx, emit);
      }
      const out = await ctx.executor.call({ agent: td.agent, tool: td.step.tool, input: td.step.input, why: { reason: `${td.step.why} (asked by ${d.who})`, tier: d.tier === "none" ? undefined : d.tier, evidence: [d.request] } }).catch((err) => ({ status: "failed" as const, error: errorMessage(err) }));
      if (out.status === "done") {
        this.work.setState(t.id, "done", { ...td, outcome: "done", auditSeq: "auditSeq" in out ? out.auditSeq : undefined });
        emit({ type: "text", text: `✓ ${td.step.tool} by the ${td.agent} agent${out.effects.length ? `: ${out.effects.map(effectText).join("; ")}` : ""}` });
        continue;
      }
      if (out.status === "pending") {
        this.work.setState(t.id, "blocked", { ...td, approvalId: out.approvalId });
        this.block(id);
        emit({ type: "approval", goal: id, approval: { id: out.approvalId, tool: td.step.tool, agent: td.agent, effects: out.effects.map(effectText), risk: out.risk, reason: out.reason, expiresAt: out.expiresAt } });
        return "blocked";
      }
      const why = out.status === "refused" ? `refused (${out.blame}): ${out.reason}` : out.status === "failed" ? `failed: ${out.error}` : `rolled back: ${out.reason}`;
      this.work.setState(t.id, "failed", { ...td, outcome: why });
      return this.finish(id, "failed", `${td.step.tool} ${why}`, ctx, emit);
    }
    const plan = d.plan;
    const ev = plan.check ? await evaluate(plan.check, ctx).catch((err) => ({ ok: false, text: `could not check: ${errorMessage(err)}` })) : { ok: true, text: "every step was carried out" };
    return this.finish(id, ev.ok ? "done" : "failed", ev.text, ctx, emit);
  }

  private block(id: number): void {
    if (this.work.get(id).state !== "blocked") this.work.setState(id, "blocked");
  }

  private async finish(id: number, state: "done" | "failed" | "cancelled", text: string, ctx: FrontContext, emit: Emit): Promise<string> {
    const g = this.work.get(id);
    const d = g.detail as GoalDetail;
    this.work.setState(id, state, { ...d, evaluation: text, outcome: state });
    emit({ type: "goal", goal: id, state, title: g.title });
    emit({ type: "text", text: `Goal #${id} (${g.title}) ${state === "done" ? "is done" : state === "cancelled" ? "was cancelled" : "failed"}: ${text}.` });
    await ctx.executor.record({ kind: "agent.goal", actor: `agent:${FRONT}`, subject: `goal:${id}`, data: { title: g.title, state, who: d.who, request: d.request, tier: d.tier, evaluation: text, steps: d.plan.steps.map((s) => s.tool) }, memory: `goal ${g.title} ${state}: ${text}` }).catch(() => {});
    if (state === "done") {
      const how = d.plan.steps.map((s) => `${s.tool} ${JSON.stringify(s.input)} (by the ${ctx.ownerOf(s.tool) ?? "?"} agent)`).join("; ");
      await ctx.executor.remember(`how to ${g.title}`, `Asked: "${d.request.slice(0, 200)}". Worked: ${how}. Checked: ${text}.`, ["chat", "procedure", ...d.plan.steps.map((s) => s.tool)]).catch(() => {});
    }
    return state;
  }
}
