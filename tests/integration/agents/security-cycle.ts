// One security-agent cycle the way the loop runs it, for integration tests: observe → detect →
// decide (reactive rules) → the tool calls the chosen action becomes. The memo is an in-memory store
// with the contract's get/set (the agents' database holds it on the appliance).
import { join } from "node:path";
import { parse } from "smol-toml";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { parseAgentPolicy } from "../../../runtime/policy/config.ts";
import type { AgentPolicy } from "../../../runtime/policy/modes.ts";
import type { AgentContext, Choice, Finding, Memo, ToolCall } from "../../../agents/loop/types.ts";
import { factsOf } from "../../../agents/loop/types.ts";
import { agent } from "../../../agents/security/index.ts";
import type { SecurityObs } from "../../../agents/security/observe.ts";
import type { LogSource } from "../../../agents/security/sshlog.ts";

const DECL = join(import.meta.dirname, "../../../image/agents/security.toml");
export const declaration = async () => parse(await Bun.file(DECL).text()) as Record<string, any>;
export const securityPolicy = async (): Promise<AgentPolicy> => parseAgentPolicy("security", (await declaration()).policy, DECL);

export function mapMemo(): Memo & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: <T>(k: string) => (data.has(k) ? structuredClone(data.get(k)) as T : undefined), set: (k, v) => { data.set(k, structuredClone(v)); } };
}

export function context(root: string, settings: Record<string, unknown>, memo: Memo): AgentContext {
  return { now: Date.now(), settings, runner: realRunner, root, memo };
}

export interface Decided { finding: Finding; choice: Choice; calls: ToolCall[] }

export async function cycle(ctx: AgentContext, logs?: LogSource): Promise<{ obs: SecurityObs; decided: Decided[] }> {
  const a = logs ? (await import("../../../agents/security/index.ts")).securityAgent({ logs }) : agent;
  const obs = await a.observe({ ...ctx, now: Date.now() });
  const findings = a.detectors.flatMap((d) => d.detect(obs, { ...ctx, history: [] }));
  const decided = findings.map((finding) => {
    const facts = factsOf(finding);
    const rule = a.rules[finding.kind]!.find((r) => r.when(facts, {} as never))!;
    const choice = rule.answer(facts, {} as never) as Choice;
    const calls = choice.action === "escalate" || choice.action === "ignore" ? [] : a.actions[choice.action]!.calls(choice.params, finding);
    return { finding, choice, calls };
  });
  return { obs, decided };
}

export const why = (d: Decided) => ({ reason: d.choice.reason, tier: "reactive" as const });
