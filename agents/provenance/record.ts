// What the audit chain keeps of one decision and of what it caused. The decision entry carries its
// whole provenance (tier, model id and sha256, prompt hash, cache hit, cost, latency, confidence, why
// each tier escalated); the tool calls it causes carry its id and seq in their `why`; and a
// `decision.acted` entry after them names their seqs, so the chain links both ways.
import type { Decided } from "../loop/decide.ts";

export function decisionAuditData(d: Decided, type: string, incident?: number) {
  const dec = d.decision;
  const chosen = [...dec.attempts].reverse().find((a) => a.outcome === "answered" || a.outcome === "low-confidence");
  return {
    incident, decision: dec.id, type, tier: dec.tier, model: dec.modelId, modelSha256: chosen?.modelSha256,
    promptHash: d.promptHash, cacheHit: dec.attempts.some((a) => a.cacheHit),
    costUsd: dec.totalCostUsd, latencyMs: Math.round(dec.latencyMs * 1000) / 1000, confidence: dec.confidence, degraded: dec.degraded,
    attempts: dec.attempts.map((a) => `${a.tier}:${a.outcome}`),
    escalated: dec.attempts.filter((a) => a.escalated).map((a) => `${a.tier} → next tier: ${a.escalated}`),
    choice: d.choice, problem: d.problem,
  };
}

/** One tool call a decision caused, as `decision.acted` lists it. */
export interface CausedCall { tool: string; status: string; auditSeq?: number; approvalId?: string; snapshotId?: string; reason?: string }
