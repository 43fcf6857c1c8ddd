// Text views of agents and incidents for aiosctl and the serial console (the web renders its own).
import type { Incident } from "../../agents/incidents/store.ts";
import type { AgentStatus } from "../../agents/host/host.ts";

const ago = (t: number | undefined, now: number) => (t === undefined ? "never" : `${Math.max(0, Math.round((now - t) / 1000))}s ago`);

export function renderAgents(list: AgentStatus[], autonomy: string, now = Date.now()): string {
  const rows = list.map((a) => {
    const tiers = Object.entries(a.decisionsByTier).map(([t, n]) => `${t}:${n}`).join(" ") || "-";
    return `${a.name.padEnd(12)} ${a.state.padEnd(9)} ${a.mode.padEnd(8)} ${ago(a.lastObservationAt, now).padEnd(10)} ${String(a.openIncidents).padStart(4)}  ${tiers}${a.reason ? `\n${"".padEnd(13)}${a.reason}` : ""}`;
  });
  return [`autonomy: ${autonomy}`, `${"AGENT".padEnd(12)} ${"STATE".padEnd(9)} ${"MODE".padEnd(8)} ${"OBSERVED".padEnd(10)} OPEN  DECISIONS BY TIER`, ...rows].join("\n");
}

export function renderIncidents(list: Incident[], now = Date.now()): string {
  if (!list.length) return "no incidents";
  return list.map((i) => `${String(i.id).padStart(4)}  ${i.state.padEnd(17)} ${i.owner.padEnd(11)} ${i.kind.padEnd(24)} ${ago(i.openedAt, now).padEnd(9)} ${i.summary}`).join("\n");
}

export function renderIncident(i: Incident): string {
  const t = (ms: number) => new Date(ms).toISOString();
  return [
    `incident ${i.id}: ${i.summary}`,
    `  kind ${i.kind}  key ${i.key}  severity ${i.severity}`,
    `  state ${i.state}${i.note ? ` (${i.note})` : ""}`,
    `  found by ${i.agent}, owned by ${i.owner}; opened ${t(i.openedAt)}${i.closedAt ? `, closed ${t(i.closedAt)}` : ""}`,
    "evidence:", ...i.evidence.map((e) => `  | ${e.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, 200)}`),
    "decisions:", ...i.decisions.map((d) => `  ${t(d.ts)} ${d.action} by ${d.tier ?? "no tier"}${d.model ? ` (${d.model})` : ""} prompt ${d.promptHash ?? "-"} audit #${d.auditSeq ?? "-"}: ${d.reason}`),
    "actions:", ...i.actions.map((a) => `  ${t(a.ts)} ${a.action} → ${a.tool} ${a.status}${a.approvalId ? ` approval ${a.approvalId}` : ""}${a.auditSeq ? ` audit #${a.auditSeq}` : ""}${a.effects?.length ? ` [${a.effects.join("; ")}]` : ""}${a.detail ? `: ${a.detail}` : ""}`),
    "verification:", ...i.verification.map((v) => `  ${t(v.ts)} ${v.result}`),
  ].join("\n");
}
