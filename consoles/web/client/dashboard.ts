/// <reference lib="dom" />
// Dashboard: CPU, memory, disk and network for the last hour (uPlot), seeded from /api/samples and
// extended by `sample` events on /api/events without a reload; open incidents and pending approvals
// refresh when an incident, approval or service event arrives.
import uPlot from "uplot";
import { $, api, boot, events, fill, h, mib, when } from "./lib.ts";

interface Sample { ts: number; cpu_pct: number; load1: number; mem_total: number; mem_used: number; disk_total: number; disk_used: number; net_rx: number; net_tx: number }
const HOUR_S = 3600;
const MiB = 1048576;

boot();
const samples: Sample[] = [];
type Series = { label: string; stroke: string; fill?: string; value: (s: Sample, prev?: Sample) => number | null };
const CHARTS: Record<string, Series[]> = {
  cpu: [{ label: "CPU %", stroke: "#2563eb", fill: "rgba(37,99,235,.12)", value: (s) => s.cpu_pct }],
  mem: [{ label: "used MiB", stroke: "#7c3aed", fill: "rgba(124,58,237,.12)", value: (s) => s.mem_used / MiB }],
  disk: [{ label: "used MiB", stroke: "#b45309", fill: "rgba(180,83,9,.12)", value: (s) => s.disk_used / MiB }],
  net: [
    { label: "in KiB/s", stroke: "#059669", value: (s, p) => rate(s.net_rx, p?.net_rx, s, p) },
    { label: "out KiB/s", stroke: "#dc2626", value: (s, p) => rate(s.net_tx, p?.net_tx, s, p) },
  ],
};
function rate(now: number, before: number | undefined, s: Sample, p?: Sample): number | null {
  if (before === undefined || !p || s.ts <= p.ts || now < before) return null; // the first, or counters reset by a reboot
  return (now - before) / 1024 / ((s.ts - p.ts) / 1000);
}
const plots = new Map<string, uPlot>();

function data(series: Series[]): uPlot.AlignedData {
  return [samples.map((s) => s.ts / 1000), ...series.map((x) => samples.map((s, i) => x.value(s, samples[i - 1])))];
}

function draw(): void {
  for (const [id, series] of Object.entries(CHARTS)) {
    const el = $(`#chart-${id}`);
    const d = data(series);
    el.dataset.points = String(samples.length);
    el.dataset.last = String(samples.at(-1)?.ts ?? "");
    const p = plots.get(id);
    if (p) { p.setData(d); continue; }
    const width = Math.max(240, el.clientWidth || 320);
    plots.set(id, new uPlot({
      width, height: 160, legend: { live: false },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min ?? 0), Math.max(id === "cpu" ? 100 : 1, max ?? 1)] } },
      axes: [{ stroke: "#64748b", grid: { stroke: "#e2e8f0" } }, { stroke: "#64748b", grid: { stroke: "#e2e8f0" }, size: 56 }],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.stroke, fill: s.fill, width: 1.5, spanGaps: false }))],
    }, d, el));
  }
}

function add(s: Sample): void {
  if (samples.length && s.ts <= samples.at(-1)!.ts) return;
  samples.push(s);
  while (samples.length && samples[0]!.ts < s.ts - HOUR_S * 1000) samples.shift();
  $("#latest").textContent = `At ${new Date(s.ts).toISOString()}: CPU ${s.cpu_pct} %, load ${s.load1}, memory ${mib(s.mem_used)} of ${mib(s.mem_total)}, state disk ${mib(s.disk_used)} of ${mib(s.disk_total)}.`;
  draw();
}

async function incidents(): Promise<void> {
  const r = await api<{ incidents: { id: number; severity: string; summary: string; agent: string; openedAt: number }[]; error?: string }>("/api/incidents?open=1").catch((e) => ({ incidents: [], error: String(e.message) }));
  fill($("#incidents"), ...(r.incidents.length ? r.incidents.map((i) => h("li", { class: `sev-${i.severity}` }, h("a", { href: `/agents#incident-${i.id}` }, `#${i.id} ${i.summary}`), " ", h("small", {}, `${i.severity} · ${i.agent} · ${when(i.openedAt)}`)))
    : [h("li", {}, r.error ? `incidents unavailable: ${r.error}` : "No open incidents.")]));
}
async function approvals(): Promise<void> {
  const r = await api<{ approvals: { id: string; tool: string; agent: string; risk: string }[] }>("/api/approvals").catch(() => ({ approvals: [] }));
  fill($("#approvals"), ...(r.approvals.length ? r.approvals.map((a) => h("li", {}, h("a", { href: `/approvals#${a.id}` }, `${a.id} ${a.tool}`), " ", h("small", {}, `${a.agent} · ${a.risk} risk`)))
    : [h("li", {}, "No pending approvals.")]));
}
async function health(): Promise<void> {
  const st = await api<{ boot: { uptime_s: number; state_device: string }; degraded?: string[]; services: { name: string; state: string; restarts: number; reason: string | null }[] }>("/api/status").catch(() => undefined);
  if (!st) return;
  const up = st.services.filter((s) => ["ready", "done", "degraded"].includes(s.state)).length;
  const degraded = (st.degraded ?? []).flatMap((r) => [h("strong", { class: "degraded", role: "alert" }, `DEGRADED: ${r}`), h("br", {})]);
  fill($("#health-summary"), ...degraded, h("strong", {}, `${up} of ${st.services.length}`), ` services up; uptime ${Math.round(st.boot.uptime_s)} s; state on ${st.boot.state_device}.`);
  fill($("#health-services").querySelector("tbody")!, ...st.services.map((s) => h("tr", { class: `state-${s.state}` }, h("td", {}, s.name), h("td", {}, s.state), h("td", {}, s.restarts), h("td", {}, s.reason ?? ""))));
}

interface UpdateView { running: string; version: string; committed: string; previous: string; trial: string; tries: number; events: { at: number; kind: string; system: string; why: string }[] }
const systemName = (s: string) => (s === "factory" ? "the factory system" : `slot ${s}`);
/** The version, which system runs, what boots next, and the last boot event (aiosctl update status). */
async function system(): Promise<void> {
  const u = await api<UpdateView>("/api/update").catch((e) => ({ error: String(e.message) }));
  if ("error" in u) { fill($("#system-update"), `System: update status unavailable (${u.error}).`); return; }
  const next = u.trial ? `slot ${u.trial} is on trial (${u.tries} ${u.tries === 1 ? "try" : "tries"} left), then ${systemName(u.committed)}` : `${systemName(u.committed)} boots next`;
  const last = u.events.at(-1);
  fill($("#system-update"), "System: ", h("strong", {}, `aiOS ${u.version}`), `, running ${systemName(u.running)}; ${next}${u.previous ? `; previous: ${systemName(u.previous)}` : ""}.`,
    ...(last ? [h("br", {}), h("small", {}, `Last boot event ${when(last.at * 1000)}: ${last.kind} ${systemName(last.system)}: ${last.why}`)] : []));
}

async function start(): Promise<void> {
  const r = await api<{ samples: Sample[] }>("/api/samples?minutes=60").catch(() => ({ samples: [] }));
  for (const s of r.samples) samples.push(s);
  draw();
  document.body.dataset.ready = "1";
  events({
    sample: (d) => add(d as unknown as Sample),
    incident: () => void incidents(),
    approval: () => void approvals(),
    service: () => void health(),
  });
  await Promise.all([incidents(), approvals(), system()]);
  let t: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener("resize", () => { clearTimeout(t); t = setTimeout(() => { for (const [id, p] of plots) p.setSize({ width: Math.max(240, $(`#chart-${id}`).clientWidth), height: 160 }); }, 150); });
}
void start();
