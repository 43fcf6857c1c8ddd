// Goals as text, for aiosctl goals and the serial console.
import type { GoalView } from "../../agents/front/goals.ts";

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

export function renderGoals(goals: GoalView[]): string {
  if (!goals.length) return "no goals";
  return goals.map((g) => `#${g.id}  ${g.state.padEnd(9)} ${when(g.createdAt)}  ${g.title}  (asked by ${g.who})`).join("\n");
}

export function renderGoal(g: GoalView): string {
  return [
    `goal #${g.id}: ${g.title}`,
    `  state:    ${g.state}`,
    `  asked:    "${g.request}" by ${g.who} at ${when(g.createdAt)}, understood by ${g.tier}`,
    ...g.tasks.map((t, i) => `  step ${i + 1}: ${t.title} — ${t.state} (${t.agent} agent)${t.approvalId ? ` approval ${t.approvalId}` : ""}${t.outcome ? `: ${t.outcome}` : ""}`),
    g.evaluation ? `  checked:  ${g.evaluation}` : "",
  ].filter(Boolean).join("\n");
}
