// The policy decision for one tool call: run it, queue it for approval, or refuse it. Patterns and
// modes can only make a call stricter; lock-out guards run before this and no mode lifts them.
import type { Effect } from "./effects.ts";
import { describeEffect } from "./effects.ts";
import type { Risk } from "./risk.ts";

export type Mode = "safe" | "normal" | "paranoid" | "trusted";
export const MODES: readonly Mode[] = ["safe", "normal", "paranoid", "trusted"];

export interface Patterns {
  /** A match refuses the call outright. */
  dangerous: string[];
  /** A match requires approval even where the mode would run it. */
  confirm: string[];
}

export interface AgentPolicy {
  agent: string;
  mode: Mode;
  capabilities: string[];
  /** Paranoid mode: only these tools may be called at all. */
  allowlist: string[];
  patterns: Patterns;
}

export type Verdict = { action: "run" | "approve" | "refuse"; reason: string };

export function decide(policy: AgentPolicy, tool: string, input: unknown, effects: readonly Effect[], risk: Risk): Verdict {
  const subject = [`${tool} ${JSON.stringify(input)}`, ...effects.map(describeEffect)];
  const hit = (list: string[]) => list.find((p) => subject.some((s) => new RegExp(p, "i").test(s)));
  const danger = hit(policy.patterns.dangerous);
  if (danger) return { action: "refuse", reason: `matches dangerous pattern /${danger}/` };

  let v: Verdict;
  switch (policy.mode) {
    case "trusted":
      v = { action: "run", reason: "trusted mode" };
      break;
    case "paranoid":
      v = policy.allowlist.includes(tool)
        ? { action: "approve", reason: "paranoid mode: every call is approved" }
        : { action: "refuse", reason: `paranoid mode: ${tool} is not on the allowlist` };
      break;
    case "safe":
      v = risk === "none" ? { action: "run", reason: "no effects" } : { action: "approve", reason: `safe mode: ${risk}-risk change` };
      break;
    case "normal":
      v = risk === "high" ? { action: "approve", reason: "normal mode: high-risk change" } : { action: "run", reason: `normal mode: ${risk} risk` };
      break;
  }
  const confirm = hit(policy.patterns.confirm);
  if (confirm && v.action === "run") return { action: "approve", reason: `matches confirm pattern /${confirm}/` };
  return v;
}
