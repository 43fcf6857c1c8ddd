// What a tool call came to. Refusals are values, not exceptions: an agent is expected to read them.
import type { Effect } from "../runtime/policy/effects.ts";
import type { Risk } from "../runtime/policy/risk.ts";
import type { DecidedBy } from "../runtime/models/model.ts";

/** Why a decision was made: the reason, the tier (or person) that made it, the evidence it saw. A
 *  caller's claim, recorded and shown, never trusted for policy. */
export interface Provenance {
  reason: string;
  tier?: DecidedBy;
  model?: string;
  evidence?: string[];
}

export interface CallRequest {
  agent: string;
  tool: string;
  input: unknown;
  why: Provenance;
  /**
   * A proposal (e.g. from a conversation): carry out only a call that changes nothing; one with effects
   * waits for a person's approval even where the agent's policy would run it alone.
   */
  propose?: boolean;
}

export type RefusalBlame = "input" | "capability" | "lockout" | "policy" | "approval";

export type CallOutcome =
  | { status: "done"; result: unknown; effects: Effect[]; risk: Risk; snapshotId?: string }
  | { status: "pending"; approvalId: string; effects: Effect[]; risk: Risk; expiresAt: number; reason: string }
  | { status: "refused"; blame: RefusalBlame; reason: string; effects?: Effect[] }
  | { status: "failed"; error: string; effects?: Effect[] }
  | { status: "rolled_back"; reason: string; effects: Effect[]; snapshotId: string };
