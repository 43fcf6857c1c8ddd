// How the consoles show the front agent's events: the same words on the serial console and aiosctl.
import type { ApprovalView, ChatEvent } from "../../agents/front/types.ts";

const TIER_WORDS: Record<string, string> = {
  reactive: "the reactive router (no model)", "local-small": "a small local model", "local-medium": "a local model",
  "local-large": "a large local model", remote: "a cloud model", none: "no tier",
};

export const tierLine = (e: Extract<ChatEvent, { type: "done" }>) => `[understood by ${TIER_WORDS[e.tier] ?? e.tier}${e.intent ? `: ${e.intent}` : ""}${e.model ? ` — ${e.tier} ${e.model}` : ""}]`;

export function renderApproval(a: ApprovalView): string {
  return [`Approval needed (${a.risk} risk) — the ${a.agent} agent would run ${a.tool}:`, ...a.effects.map((e) => `  * ${e}`), `  why: ${a.reason}`, `  id: ${a.id}`].join("\n");
}

/** One event as text lines, or "" for events that print nothing. */
export function renderEvent(e: ChatEvent): string {
  switch (e.type) {
    case "text": return e.text;
    case "approval": return renderApproval(e.approval);
    case "goal": return e.state === "active" ? `(goal #${e.goal}: ${e.title})` : "";
    case "done": return tierLine(e);
    case "start": return "";
  }
}
