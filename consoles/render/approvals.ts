// Approvals as text, the same in aiosctl, the serial console and the web page: who asks, what for,
// why, what it would change and when the request lapses.
import type { Approval } from "../../runtime/policy/approvals.ts";
import { describeEffect } from "../../runtime/policy/effects.ts";

function relative(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const text = s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** The reason a caller gave, whatever shape `why` has (a Provenance, a string, nothing). */
export function whyText(why: unknown): string {
  if (typeof why === "string") return why;
  if (why && typeof why === "object" && "reason" in why) {
    const w = why as { reason: unknown; tier?: unknown };
    return `${String(w.reason)}${w.tier ? ` (${String(w.tier)})` : ""}`;
  }
  return "(no reason given)";
}

export function approvalLines(a: Approval, now = Date.now()): string[] {
  const input = JSON.stringify(a.input);
  return [
    `${a.id}  ${a.status}  ${a.risk} risk  expires ${relative(a.expiresAt - now)} (${new Date(a.expiresAt).toISOString()})`,
    `  who:     ${a.agent}`,
    `  what:    ${a.tool} ${input.length > 200 ? `${input.slice(0, 197)}...` : input}`,
    `  why:     ${whyText(a.why)}`,
    ...(a.effects.length ? a.effects.map((e, i) => `  ${i === 0 ? "effects:" : "        "} ${describeEffect(e)}`) : ["  effects: none"]),
  ];
}

export function renderApprovals(list: readonly Approval[], now = Date.now()): string {
  if (list.length === 0) return "no pending approvals";
  return list.map((a) => approvalLines(a, now).join("\n")).join("\n\n");
}
