/// <reference lib="dom" />
// Agents & incidents: each agent's state with its recent decisions and their tier; the incidents list;
// one incident's timeline (opened, evidence, decisions, actions, verification) and its provenance.
import { $, api, boot, errorText, events, fill, h, when } from "./lib.ts";

interface Agent { name: string; description: string; state: string; reason?: string; mode: string; cycles: number; openIncidents: number; decisionsByTier: Record<string, number>; lastObservationAt?: number }
interface Entry { seq: number; ts: number; kind: string; actor: string; subject: string; data: Record<string, unknown> }
interface Incident { id: number; kind: string; agent: string; owner: string; severity: string; summary: string; state: string; openedAt: number; updatedAt: number; closedAt?: number; evidence: string[]; decisions: { ts: number; tier?: string; summary?: string; type?: string; choice?: string }[]; actions: { ts: number; tool?: string; status?: string; summary?: string }[]; verification: { ts: number; result: string }[] }

boot();
async function agents(): Promise<void> {
  const r = await api<{ agents: Agent[]; decisions: Entry[]; error?: string }>("/api/agents").catch((e) => ({ agents: [], decisions: [], error: errorText(e) }));
  const byAgent = (name: string) => r.decisions.filter((d) => d.actor === `agent:${name}`).slice(-5).reverse();
  fill($("#agents"), ...(r.agents.length ? r.agents.map((a) => h("article", { class: `card agent state-${a.state}`, "data-agent": a.name },
    h("h3", {}, a.name, " ", h("small", { class: "state" }, a.state)), h("p", {}, a.description),
    h("p", { class: "meta" }, `mode ${a.mode} · ${a.cycles} cycles · ${a.openIncidents} open incidents${a.reason ? ` · ${a.reason}` : ""}`),
    h("p", { class: "meta" }, Object.entries(a.decisionsByTier).map(([t, n]) => `${t}: ${n}`).join(" · ") || "no decisions yet"),
    h("ul", { class: "list", "aria-label": `${a.name}'s recent decisions` }, ...byAgent(a.name).map((d) => h("li", {}, h("span", { class: "tier-badge" }, String(d.data.tier ?? "?")), ` ${String(d.data.type ?? d.subject)} `, h("small", {}, when(d.ts)))))))
    : [h("p", {}, r.error ? `agents unavailable: ${r.error}` : "No agents are running.")]));
}
async function incidents(): Promise<void> {
  const open = $<HTMLInputElement>("#open-only").checked;
  const r = await api<{ incidents: Incident[]; error?: string }>(`/api/incidents${open ? "?open=1" : ""}`);
  fill($("#incident-list"), ...(r.incidents.length ? r.incidents.map((i) => h("li", { class: `sev-${i.severity}` }, h("a", { href: `#incident-${i.id}` }, `#${i.id} ${i.summary}`), " ", h("small", {}, `${i.state} · ${i.agent} · ${when(i.updatedAt)}`)))
    : [h("li", {}, r.error ?? "No incidents.")]));
}
async function timeline(id: number): Promise<void> {
  const box = $("#timeline");
  try {
    const i = await api<Incident>(`/api/incidents/${id}`);
    const steps: { ts: number; what: string; text: string }[] = [
      { ts: i.openedAt, what: "opened", text: `${i.kind} (${i.severity}) by ${i.agent}, owned by ${i.owner}` },
      ...i.decisions.map((d) => ({ ts: d.ts, what: `decision${d.tier ? ` · ${d.tier}` : ""}`, text: d.summary ?? d.choice ?? d.type ?? JSON.stringify(d) })),
      ...i.actions.map((a) => ({ ts: a.ts, what: `action${a.status ? ` · ${a.status}` : ""}`, text: a.summary ?? a.tool ?? JSON.stringify(a) })),
      ...i.verification.map((v) => ({ ts: v.ts, what: "verification", text: v.result })),
      ...(i.closedAt ? [{ ts: i.closedAt, what: "closed", text: i.state }] : []),
    ].sort((a, b) => a.ts - b.ts);
    fill(box, h("h3", {}, `#${i.id} ${i.summary}`), h("p", { class: "meta" }, `${i.state} · opened ${when(i.openedAt)}`),
      h("details", { open: true }, h("summary", {}, `Evidence (${i.evidence.length})`), h("pre", { class: "logs" }, i.evidence.join("\n"))),
      h("ol", { class: "timeline" }, ...steps.map((s) => h("li", {}, h("time", {}, when(s.ts)), " ", h("strong", {}, s.what), " ", s.text))),
      h("button", { type: "button", id: "explain" }, "Explain (provenance)"), h("pre", { id: "explanation", class: "logs", hidden: true }));
    $("#explain").addEventListener("click", async () => {
      const pre = $("#explanation");
      pre.hidden = false;
      pre.textContent = await api(`/api/explain/incident:${i.id}`).then((x) => JSON.stringify(x, null, 2), errorText);
    });
  } catch (err) { fill(box, h("p", { class: "error" }, errorText(err))); }
}
const fromHash = () => { const m = /^#incident-(\d+)$/.exec(location.hash); if (m) void timeline(Number(m[1])); };
window.addEventListener("hashchange", fromHash);
$("#open-only").addEventListener("change", () => void incidents());
void Promise.all([agents(), incidents()]).then(fromHash);
events({ incident: () => void incidents(), decision: () => void agents() });
