// What the agents may ask of the one privileged executor: preview and carry out tool calls under policy,
// record decisions and incident changes in the audit chain (and operational memory), read approvals,
// roll back their own snapshots, and read the appliance-wide autonomy switch. People's verbs (approve,
// reject, set autonomy) are on a separate root-only socket.
import type { CallOutcome, CallRequest } from "../../../tools/outcome.ts";
import type { ToolInfo } from "../../../tools/declaration.ts";
import type { Approval } from "../../../runtime/policy/approvals.ts";

export type Autonomy = "off" | "propose" | "on";
export const AUTONOMY: readonly Autonomy[] = ["off", "propose", "on"];

export type Preview = { status: "preview"; effects: string[]; risk: string; verdict: string } | { status: "refused"; reason: string; blame: string };
export type Outcome = CallOutcome & { auditSeq?: number };

export interface RecordInput {
  kind: string;
  actor: string;
  subject: string;
  data: unknown;
  /** Searchable text for operational memory (incidents and decisions are found by what they say). */
  memory?: string;
}

export interface Executor {
  preview(req: CallRequest): Promise<Preview>;
  /** Runs under policy; with `propose: true` a call with effects only queues an approval for a person. */
  call(req: CallRequest): Promise<Outcome>;
  /** Every tool's declaration as a model may see it, so the host can build function specs. */
  tools(): Promise<ToolInfo[]>;
  record(r: RecordInput): Promise<{ seq: number }>;
  approval(id: string): Promise<Pick<Approval, "id" | "status" | "decidedBy" | "note">>;
  /** Restores a snapshot taken for one of this agent's own calls. */
  rollback(agent: string, snapshotId: string, reason: string): Promise<{ restored: boolean; detail: string }>;
  autonomy(): Promise<Autonomy>;
  /** Remembers a procedure that worked (long-term memory), e.g. "disk.filling fixed by rotate_logs". */
  remember(title: string, body: string, tags: string[]): Promise<void>;
}
