// An agent's effective policy: its declaration's [policy], capped by the appliance-wide autonomy switch.
// Autonomy only ever makes a mode stricter: off refuses every call, propose needs approval for every
// change, on leaves the agent's own mode.
import type { AgentPolicy, Mode } from "../../../runtime/policy/modes.ts";
import type { AgentSpec } from "../../spec/types.ts";
import type { Autonomy } from "./api.ts";

const STRICTNESS: Record<Mode, number> = { trusted: 0, normal: 1, safe: 2, paranoid: 3 };
const stricter = (a: Mode, b: Mode): Mode => (STRICTNESS[a] >= STRICTNESS[b] ? a : b);

export function specPolicy(spec: AgentSpec): AgentPolicy {
  const p = spec.policy;
  return { agent: spec.name, mode: p.mode, capabilities: p.capabilities, allowlist: p.allowlist, patterns: { confirm: p.confirm, dangerous: p.dangerous } };
}

export function capByAutonomy(policy: AgentPolicy, autonomy: Autonomy): AgentPolicy {
  switch (autonomy) {
    case "on": return policy;
    case "propose": return { ...policy, mode: stricter(policy.mode, "safe") };
    case "off": return { ...policy, mode: "paranoid", allowlist: [] };
  }
}
