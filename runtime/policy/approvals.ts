// The approval queue: a persisted list of tool calls waiting for a person, each with who asked, what
// it would change (the effects preview), why, and an expiry. Decided from aiosctl, the web console or
// the serial console; every transition is audited.
import type { Database } from "bun:sqlite";
import type { AuditLog } from "../audit/log.ts";
import { migrate } from "../db/open.ts";
import { NotFoundError, UserError } from "../errors.ts";
import type { Effect } from "./effects.ts";
import type { Risk } from "./risk.ts";

export type ApprovalStatus = "pending" | "approved" | "running" | "rejected" | "expired" | "executed" | "failed";

export interface Approval {
  id: string;
  createdAt: number;
  expiresAt: number;
  agent: string;
  tool: string;
  input: unknown;
  why: unknown;
  effects: Effect[];
  risk: Risk;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: number | null;
  note: string | null;
}

interface Row { id: string; created_at: number; expires_at: number; agent: string; tool: string; input: string; why: string; effects: string; risk: Risk; status: ApprovalStatus; decided_by: string | null; decided_at: number | null; note: string | null }
const toApproval = (r: Row): Approval => ({
  id: r.id, createdAt: r.created_at, expiresAt: r.expires_at, agent: r.agent, tool: r.tool, input: JSON.parse(r.input), why: JSON.parse(r.why),
  effects: JSON.parse(r.effects), risk: r.risk, status: r.status, decidedBy: r.decided_by, decidedAt: r.decided_at, note: r.note,
});

const MIGRATIONS = [{
  version: 1,
  name: "approval queue",
  sql: `CREATE TABLE approvals (
    id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, agent TEXT NOT NULL, tool TEXT NOT NULL,
    input TEXT NOT NULL, why TEXT NOT NULL, effects TEXT NOT NULL, risk TEXT NOT NULL, status TEXT NOT NULL,
    decided_by TEXT, decided_at INTEGER, note TEXT);
    CREATE INDEX approvals_status ON approvals(status, created_at);`,
}];

export interface ApprovalRequest { agent: string; tool: string; input: unknown; why: unknown; effects: Effect[]; risk: Risk }

export class ApprovalQueue {
  constructor(private readonly db: Database, private readonly audit: AuditLog, readonly ttlMs = 3_600_000, private readonly now: () => number = Date.now) {
    migrate(db, "policy", MIGRATIONS);
  }

  request(r: ApprovalRequest): Approval {
    const id = `apr-${crypto.randomUUID().slice(0, 8)}`;
    const t = this.now();
    this.db.query("INSERT INTO approvals (id, created_at, expires_at, agent, tool, input, why, effects, risk, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')")
      .run(id, t, t + this.ttlMs, r.agent, r.tool, JSON.stringify(r.input), JSON.stringify(r.why ?? null), JSON.stringify(r.effects), r.risk);
    this.audit.append({ kind: "approval.requested", actor: r.agent, subject: id, data: { tool: r.tool, input: r.input, why: r.why, effects: r.effects, risk: r.risk, expiresAt: t + this.ttlMs } });
    return this.get(id);
  }

  get(id: string): Approval {
    const r = this.db.query<Row, [string]>("SELECT * FROM approvals WHERE id = ?").get(id);
    if (!r) throw new NotFoundError(`no approval ${id}`, "list them with `aiosctl approvals`");
    return toApproval(r);
  }

  /** Pending ones by default; expired ones are marked first so the list never offers them. */
  list(status: ApprovalStatus | "all" = "pending"): Approval[] {
    this.expire();
    const rows = status === "all"
      ? this.db.query<Row, []>("SELECT * FROM approvals ORDER BY created_at").all()
      : this.db.query<Row, [string]>("SELECT * FROM approvals WHERE status = ? ORDER BY created_at").all(status);
    return rows.map(toApproval);
  }

  approve(id: string, who: string, note?: string): Approval {
    return this.decide(id, "approved", who, note);
  }

  reject(id: string, who: string, note?: string): Approval {
    return this.decide(id, "rejected", who, note);
  }

  /** Takes an approved call for running; false when another runner took it first (runs once only). */
  claim(id: string): boolean {
    return this.db.query("UPDATE approvals SET status = 'running' WHERE id = ? AND status = 'approved'").run(id).changes === 1;
  }

  /** Records the outcome of running an approved call (by the registry). */
  finish(id: string, status: "executed" | "failed", result: unknown): void {
    this.db.query("UPDATE approvals SET status = ? WHERE id = ? AND status IN ('approved', 'running')").run(status, id);
    this.audit.append({ kind: status === "executed" ? "approval.executed" : "approval.failed", actor: "registry", subject: id, data: result });
  }

  expire(): number {
    const t = this.now();
    const gone = this.db.query<{ id: string }, [number]>("UPDATE approvals SET status = 'expired', decided_at = expires_at WHERE status = 'pending' AND expires_at <= ? RETURNING id").all(t);
    for (const g of gone) this.audit.append({ kind: "approval.expired", actor: "policy", subject: g.id });
    return gone.length;
  }

  private decide(id: string, status: "approved" | "rejected", who: string, note?: string): Approval {
    this.expire();
    const a = this.get(id);
    if (a.status !== "pending") throw new UserError(`approval ${id} is ${a.status}, not pending`, a.status === "expired" ? "ask the agent to propose it again" : undefined);
    this.db.query("UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ? AND status = 'pending'").run(status, who, this.now(), note ?? null, id);
    this.audit.append({ kind: status === "approved" ? "approval.approved" : "approval.rejected", actor: who, subject: id, data: { tool: a.tool, agent: a.agent, note: note ?? null, effects: a.effects } });
    return this.get(id);
  }
}
