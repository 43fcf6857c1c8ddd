// Per decision type, how the hierarchy and the people treated the agents' decisions: how many, which
// tier answered, how often a higher tier had to be asked, how often nobody could answer, and how often
// a person overrode a proposed action (rejected its approval, or restored the snapshot taken before
// it). Tiers come from the decision log, overrides from the audit chain.
import type { DecisionLog } from "../../runtime/models/hierarchy/decision-log.ts";
import { BUILTIN_ACTIONS } from "../loop/types.ts";
import type { AuditQuery } from "./audit-query.ts";

export interface TypeStats {
  type: string;
  decisions: number;
  /** Answered decisions by the tier whose answer was taken. */
  byTier: Record<string, number>;
  escalated: number;
  unanswered: number;
  /** Shares of `decisions`, 0..1 (null when there were none). */
  escalationRate: number | null;
  unansweredRate: number | null;
  /** Decisions that proposed an action (not escalate, not ignore), from the audit chain. */
  proposed?: number;
  overridden?: number;
  overrides?: { rejected: number; undone: number };
  overrideRate?: number | null;
  costUsd: number;
}

export interface DecisionStats { since: number; types: TypeStats[]; total: TypeStats; gaps: string[] }

const rate = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 1000 : null);

function empty(type: string): TypeStats {
  return { type, decisions: 0, byTier: {}, escalated: 0, unanswered: 0, escalationRate: null, unansweredRate: null, costUsd: 0 };
}

export function decisionStats(s: { decisions?: DecisionLog; audit?: AuditQuery; auditGap?: string }, since = 0): DecisionStats {
  const gaps: string[] = [];
  const byType = new Map<string, TypeStats>();
  const of = (type: string) => byType.get(type) ?? byType.set(type, empty(type)).get(type)!;
  if (!s.decisions) gaps.push("no decision log: tiers and escalations are unknown");
  for (const r of s.decisions?.counts(since) ?? []) {
    const t = of(r.type);
    t.decisions += r.n;
    t.costUsd += r.costUsd;
    if (r.escalated) t.escalated += r.n;
    if (r.outcome !== "answered") t.unanswered += r.n;
    else t.byTier[r.tier ?? "?"] = (t.byTier[r.tier ?? "?"] ?? 0) + r.n;
  }
  if (s.audit) overrides(s.audit, since, of);
  else gaps.push(`no audit chain: overrides are unknown (${s.auditGap ?? "not readable here"})`);
  const types = [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
  const total = types.reduce((acc, t) => {
    acc.decisions += t.decisions; acc.escalated += t.escalated; acc.unanswered += t.unanswered; acc.costUsd += t.costUsd;
    for (const [tier, n] of Object.entries(t.byTier)) acc.byTier[tier] = (acc.byTier[tier] ?? 0) + n;
    if (t.proposed !== undefined) {
      acc.proposed = (acc.proposed ?? 0) + t.proposed; acc.overridden = (acc.overridden ?? 0) + t.overridden!;
      acc.overrides = { rejected: (acc.overrides?.rejected ?? 0) + t.overrides!.rejected, undone: (acc.overrides?.undone ?? 0) + t.overrides!.undone };
    }
    return acc;
  }, empty("all"));
  for (const t of [...types, total]) {
    t.escalationRate = rate(t.escalated, t.decisions);
    t.unansweredRate = rate(t.unanswered, t.decisions);
    if (t.proposed !== undefined) t.overrideRate = rate(t.overridden!, t.proposed);
    t.costUsd = Math.round(t.costUsd * 1e6) / 1e6;
  }
  return { since, types, total, gaps };
}

/** Proposed actions per type and those a person overrode, from the chain. */
function overrides(audit: AuditQuery, since: number, of: (type: string) => TypeStats): void {
  const all = audit.decisions(since);
  const proposed = all.filter((d) => d.action && !(BUILTIN_ACTIONS as readonly string[]).includes(d.action));
  for (const type of new Set(all.map((d) => d.type))) Object.assign(of(type), { proposed: 0, overridden: 0, overrides: { rejected: 0, undone: 0 } });
  if (!proposed.length) return;
  const first = proposed[0]!.seq;
  const rejected = new Set<string>();
  const restored = new Set<string>();
  for (const o of audit.personOverrides(first)) (o.kind === "approval.rejected" ? rejected : restored).add(o.subject);
  const caused = new Map<number, { approvals: string[]; snapshots: string[] }>();
  for (const c of audit.consequences(first)) {
    const e = caused.get(c.decisionSeq) ?? caused.set(c.decisionSeq, { approvals: [], snapshots: [] }).get(c.decisionSeq)!;
    if (c.approval) e.approvals.push(c.approval);
    if (c.snapshot) e.snapshots.push(c.snapshot);
  }
  for (const d of proposed) {
    const t = of(d.type);
    t.proposed! += 1;
    const c = caused.get(d.seq);
    const wasRejected = !!c?.approvals.some((a) => rejected.has(a));
    const wasUndone = !!c?.snapshots.some((x) => restored.has(x));
    if (wasRejected) t.overrides!.rejected += 1;
    if (wasUndone) t.overrides!.undone += 1;
    if (wasRejected || wasUndone) t.overridden! += 1;
  }
}
