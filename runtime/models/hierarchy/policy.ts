// Escalation policy per decision type: which tiers may answer, and what sends a question one tier up.
import { TIERS, tierRank, type Tier } from "../model.ts";

export interface EscalateOn {
  /** Output still invalid after the re-asks at that tier. */
  invalid: boolean;
  /** The tier said "don't know". */
  unknown: boolean;
  /** Escalate when stated confidence is below this (0..1); undefined: confidence is not checked. */
  lowConfidence?: number;
  timeout: boolean;
  /** No usable model in the tier: none configured, quarantined, circuit open, runtime down. */
  tierDown: boolean;
}

export interface EscalationPolicy {
  lowest: Tier;
  highest: Tier;
  escalateOn: EscalateOn;
  /** Re-asks at the same tier after invalid output, with the validation error in the prompt. */
  retriesPerTier: number;
  timeoutMs: Partial<Record<Tier, number>>;
  /** 0 disables caching for this decision type. */
  cacheTtlMs: number;
}

export const DEFAULT_POLICY: EscalationPolicy = {
  lowest: "reactive",
  highest: "local-large",
  escalateOn: { invalid: true, unknown: true, lowConfidence: 0.5, timeout: true, tierDown: true },
  retriesPerTier: 1,
  timeoutMs: { "local-small": 30_000, "local-medium": 60_000, "local-large": 120_000, remote: 60_000 },
  cacheTtlMs: 10 * 60_000,
};

export type PolicyOverrides = Record<string, Partial<Omit<EscalationPolicy, "escalateOn">> & { escalateOn?: Partial<EscalateOn> }>;

export function policyFor(type: string, overrides: PolicyOverrides = {}): EscalationPolicy {
  const o = overrides[type] ?? overrides["*"] ?? {};
  return {
    ...DEFAULT_POLICY, ...o,
    escalateOn: { ...DEFAULT_POLICY.escalateOn, ...o.escalateOn },
    timeoutMs: { ...DEFAULT_POLICY.timeoutMs, ...o.timeoutMs },
  };
}

export function tiersBetween(lowest: Tier, highest: Tier): Tier[] {
  return TIERS.filter((t) => tierRank(t) >= tierRank(lowest) && tierRank(t) <= tierRank(highest));
}
