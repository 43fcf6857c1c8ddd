// The shapes of "why did the system do that?": an incident or a decision explained from the incident
// store, the decision log and the audit chain. Plain data, served as JSON and rendered as text by
// consoles/render/explain.ts.

export interface AttemptView {
  tier: string;
  model: string;
  modelSha256?: string;
  outcome: string;
  reason?: string;
  /** Why the next tier was asked after this attempt. */
  escalated?: string;
  cacheHit: boolean;
  costUsd: number;
  latencyMs: number;
  confidence?: number;
}

export interface ApprovalView {
  id: string;
  /** pending | approved | rejected | expired | executed | failed */
  status: string;
  /** The person who approved or rejected it (user:<login>@<where>). */
  by?: string;
  at?: number;
  note?: string;
  seq?: number;
}

export interface ActionView {
  tool: string;
  /** done | pending | refused | failed | rolled back (the call's own outcome, then what followed). */
  status: string;
  seq?: number;
  /** The entry of the approved call's run, when it ran after a person approved it. */
  laterSeq?: number;
  ts?: number;
  blame?: string;
  reason?: string;
  effects?: string[];
  approval?: ApprovalView;
  snapshotId?: string;
  /** The change was undone: by the agent's own verification, or by a person's restore. */
  undone?: { by: string; seq: number; at: number; person: boolean; reason?: string };
}

export interface DecisionView {
  id: string;
  /** The decision's entry in the audit chain. */
  seq?: number;
  ts: number;
  type: string;
  agent: string;
  outcome: string;
  tier?: string;
  model?: string;
  modelSha256?: string;
  promptHash?: string;
  cacheHit: boolean;
  costUsd?: number;
  latencyMs?: number;
  confidence?: number;
  degraded?: string;
  action?: string;
  params?: Record<string, unknown>;
  reason?: string;
  /** Why the answer was not usable (no tier could decide, an invalid choice). */
  problem?: string;
  attempts: AttemptView[];
  actions: ActionView[];
  /** Whether its request is stored, so `aiosctl shadow` can replay it. */
  replayable: boolean;
}

export interface IncidentView {
  id: number;
  kind: string;
  key: string;
  agent: string;
  owner: string;
  severity: string;
  summary: string;
  state: string;
  note?: string;
  openedAt: number;
  closedAt?: number;
  /** Clipped: the first lines, each shortened, control characters replaced. */
  evidence: string[];
  verification: { ts: number; result: string }[];
}

export interface Explanation {
  ref: string;
  incident?: IncidentView;
  decisions: DecisionView[];
  /** The final state in one line (the incident's state and note, or the decision's last outcome). */
  final: string;
  /** What could not be read (no audit access, a decision missing from the log). */
  gaps: string[];
}
