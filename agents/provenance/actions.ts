// The tool calls one decision caused and what became of them, assembled from the audit chain: the
// call's own outcome (done, pending, refused with blame, failed, rolled back by its health checks),
// who approved or rejected it, and whether the change was undone later (by the agent's verification
// or by a person's restore). Without the chain, the incident's own action records stand in.
import { describeEffect, type Effect } from "../../runtime/policy/effects.ts";
import type { ActionRecord, Incident } from "../incidents/store.ts";
import type { AuditQuery, Entry } from "./audit-query.ts";
import type { CausedCall } from "./record.ts";
import type { ActionView } from "./types.ts";

type Data = Record<string, unknown> & { effects?: Effect[]; approval?: string; snapshot?: string; blame?: string; reason?: string; error?: string; rolledBack?: boolean; tool?: string; note?: string | null };

const effects = (d: Data) => (Array.isArray(d.effects) && d.effects.length ? d.effects.map(describeEffect) : undefined);

function fromEntry(e: Entry): ActionView {
  const d = (e.data ?? {}) as Data;
  switch (e.kind) {
    case "approval.requested": return { tool: String(d.tool), status: "pending", seq: e.seq, ts: e.ts, effects: effects(d), approval: { id: e.subject, status: "pending" } };
    case "tool.refused": return { tool: e.subject, status: "refused", seq: e.seq, ts: e.ts, blame: d.blame, reason: d.reason, effects: effects(d) };
    case "tool.failed": return { tool: e.subject, status: d.rolledBack ? "rolled back" : "failed", seq: e.seq, ts: e.ts, reason: d.error, effects: effects(d), snapshotId: d.snapshot };
    default: return { tool: e.subject, status: "done", seq: e.seq, ts: e.ts, effects: effects(d), snapshotId: d.snapshot };
  }
}

export function actionsFromAudit(audit: AuditQuery, decisionSeq: number): ActionView[] {
  const out: ActionView[] = [];
  const byApproval = new Map<string, ActionView>();
  for (const e of audit.causedBy(decisionSeq)) {
    const v = fromEntry(e);
    const approvalId = e.kind === "approval.requested" ? e.subject : (e.data as Data)?.approval;
    const asked = approvalId ? byApproval.get(approvalId) : undefined;
    // The run of an approved call belongs to its request: one action, request → approval → outcome.
    if (asked) { Object.assign(asked, { status: v.status, reason: v.reason ?? asked.reason, snapshotId: v.snapshotId, laterSeq: v.seq }); continue; }
    if (approvalId && e.kind === "approval.requested") byApproval.set(approvalId, v);
    out.push(v);
  }
  // Calls the registry refused before anything was audited (at preview) are listed by decision.acted.
  const acted = audit.acted(decisionSeq);
  for (const c of ((acted?.data as { calls?: CausedCall[] } | undefined)?.calls ?? [])) {
    if (c.auditSeq === undefined && c.status.startsWith("refused")) out.push({ tool: c.tool, status: "refused", blame: /\((\w+)\)/.exec(c.status)?.[1], reason: `at preview: ${c.reason ?? "refused"}` });
  }
  const subjects = [...byApproval.keys(), ...out.flatMap((a) => (a.snapshotId ? [a.snapshotId] : []))];
  for (const f of audit.followUps(subjects, decisionSeq)) {
    const d = (f.data ?? {}) as Data;
    const a = byApproval.get(f.subject);
    if (a?.approval && f.kind.startsWith("approval.")) {
      const status = f.kind.slice("approval.".length);
      if (status === "approved" || status === "rejected" || status === "expired") Object.assign(a.approval, { status, by: status === "expired" ? undefined : f.actor, at: f.ts, note: d.note ?? undefined, seq: f.seq });
      else if (a.approval.status !== "rejected") a.approval.status = status;
      if (status === "rejected" || status === "expired") a.status = status;
      continue;
    }
    const undone = out.find((x) => x.snapshotId === f.subject);
    if (undone && (f.kind === "rollback" || f.kind === "snapshot.restore")) {
      const person = f.actor.startsWith("user:");
      undone.undone = { by: f.actor, seq: f.seq, at: f.ts, person, reason: typeof d.reason === "string" ? d.reason : undefined };
      undone.status = person ? "undone by a person" : "rolled back";
    }
  }
  return out;
}

/** Without the audit chain: the incident's action records between this decision and the next. */
export function actionsFromIncident(inc: Incident, decisionTs: number): ActionView[] {
  const next = inc.decisions.map((d) => d.ts).filter((t) => t > decisionTs).sort((a, b) => a - b)[0] ?? Infinity;
  return inc.actions.filter((a) => a.ts >= decisionTs && a.ts < next).map((a: ActionRecord) => ({
    tool: a.tool, status: a.status, seq: a.auditSeq, ts: a.ts, reason: a.detail, effects: a.effects, snapshotId: a.snapshotId,
    approval: a.approvalId ? { id: a.approvalId, status: a.status === "pending" ? "pending" : a.detail?.startsWith("approved by") ? "executed" : a.status, by: /^approved by (\S+)/.exec(a.detail ?? "")?.[1] } : undefined,
  }));
}
