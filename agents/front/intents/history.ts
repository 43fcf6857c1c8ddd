// What happened: incidents, why the last decision was made, and what changed since a time, read from
// the incidents store and the audit chain (entries are data: their text is shown, never obeyed).
import type { Incident } from "../../incidents/store.ts";
import type { Handler } from "../types.ts";
import { ago, bullet } from "./format.ts";

const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?");

export const incidents: Handler = async (_s, ctx) => {
  const list = ctx.incidents.list({ limit: 10 });
  if (!list.length) return { text: "No incidents so far." };
  return { text: `Recent incidents:\n${bullet(list.map((i) => `#${i.id} ${i.state} ${ago(i.openedAt, ctx.now())} [${i.agent}] ${clip(i.summary)}`))}` };
};

export function explainIncident(i: Incident, now: number): string {
  const lines = [
    `Incident #${i.id} (${i.kind}, ${i.severity}), opened ${ago(i.openedAt, now)} by the ${i.agent} agent; state ${i.state}.`,
    `What was seen: ${clip(i.summary)}`,
    ...i.evidence.slice(0, 3).map((e) => `  evidence: ${clip(e)}`),
    ...i.decisions.map((d) => `Decision: ${d.action}${Object.keys(d.params ?? {}).length ? ` ${JSON.stringify(d.params)}` : ""}, by the ${d.tier ?? "?"} tier${d.model ? ` (${d.model})` : ""}${d.cacheHit ? ", from cache" : ""}: ${clip(d.reason)}${d.promptHash ? ` [prompt ${d.promptHash}]` : ""}${d.auditSeq ? ` (audit #${d.auditSeq})` : ""}`),
    ...i.actions.map((a) => `Action: ${a.tool} → ${a.status}${a.effects?.length ? ` (${a.effects.join("; ")})` : ""}${a.approvalId ? `, approval ${a.approvalId}` : ""}${a.auditSeq ? `, audit #${a.auditSeq}` : ""}${a.detail ? `: ${clip(a.detail)}` : ""}`),
    ...i.verification.slice(-2).map((v) => `Verified ${ago(v.ts, now)}: ${clip(v.result)}`),
  ];
  return lines.join("\n");
}

export const explain: Handler = async (slots, ctx) => {
  const i = slots.incident !== undefined ? ctx.incidents.get(slots.incident) : ctx.incidents.list({ limit: 1 })[0];
  if (!i) return { text: slots.incident !== undefined ? `There is no incident #${slots.incident}.` : "No incidents so far." };
  return { text: explainIncident(i, ctx.now()) };
};

/** "Why did you do that?": the newest incident with a decision, or the newest decision in the audit chain. */
export const lastDecision: Handler = async (_s, ctx) => {
  const withDecision = ctx.incidents.list({ limit: 20 }).find((i) => i.decisions.length);
  const recent = await ctx.executor.auditSince(ctx.now() - 7 * 86400_000, 200).catch(() => []);
  const last = [...recent].reverse().find((e) => e.kind === "decision");
  if (!withDecision && !last) return { text: "No agent has made a decision yet." };
  if (withDecision && (!last || withDecision.updatedAt >= last.ts - 5000)) return { text: explainIncident(withDecision, ctx.now()) };
  return { text: `The last decision (audit #${last!.seq}, ${ago(last!.ts, ctx.now())}) by ${last!.actor}: ${clip(JSON.stringify(last!.data), 400)}` };
};

const NOISE = new Set(["service.state"]);

export const changes: Handler = async (slots, ctx) => {
  const since = slots.since ?? ctx.now() - 86400_000;
  const entries = await ctx.executor.auditSince(since, 1000);
  const meaningful = entries.filter((e) => !NOISE.has(e.kind));
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  const hasEffects = (e: (typeof entries)[number]) => Array.isArray((e.data as { effects?: unknown[] } | null)?.effects) && ((e.data as { effects: unknown[] }).effects.length > 0);
  const changes = meaningful.filter((e) => (e.kind.startsWith("tool.") ? hasEffects(e) : /^(approval\.(approved|rejected)|snapshot|rollback|config\.|incident\.(opened|resolved|failed))/.test(e.kind)));
  const describe = (e: (typeof entries)[number]) => {
    const d = e.data as Record<string, unknown> | null;
    const what = d && typeof d === "object" ? (Array.isArray(d.effects) && d.effects.length ? (d.effects as unknown[]).map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("; ") : (d.tool as string) ?? "") : "";
    return `${new Date(e.ts).toISOString().slice(0, 16).replace("T", " ")} ${e.kind} by ${e.actor}${e.subject ? ` (${clip(e.subject, 40)})` : ""}${what ? `: ${clip(what, 160)}` : ""}`;
  };
  const restarts = entries.filter((e) => e.kind === "service.state" && /"(failed|backoff|crashed)"/.test(JSON.stringify(e.data))).length;
  return {
    text: `Since ${new Date(since).toISOString().slice(0, 16).replace("T", " ")} UTC: ${entries.length} audit entries.\n${changes.length ? `Changes:\n${bullet(changes.slice(-25).map(describe))}` : "No changes were made through the tools."}${restarts ? `\n${restarts} service failure(s) were recorded.` : ""}\nBy kind: ${[...counts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, n]) => `${k} ${n}`).join(", ")}.`,
  };
};
