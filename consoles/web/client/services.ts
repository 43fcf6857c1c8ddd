/// <reference lib="dom" />
// Services: each with its state and start/stop/restart/enable/disable (operators); the table follows
// `service` events. Logs per service with a search; Follow streams new lines over SSE.
import { $, ago, api, boot, errorText, events, fill, h, post, role } from "./lib.ts";

interface Svc { name: string; state: string; pid: number | null; uptime_s: number; restarts: number; reason: string | null }
interface Line { ts: number; service: string; stream: string; line: string }
const VERBS = ["start", "stop", "restart", "enable", "disable"] as const;

boot();
const msg = $("#svc-msg");
const canChange = role() !== "viewer";

async function table(): Promise<void> {
  const st = await api<{ services: Svc[] }>("/api/status");
  const select = $<HTMLSelectElement>("#log-service");
  if (select.options.length === 1) for (const s of st.services) select.append(h("option", { value: s.name }, s.name));
  fill($("#services").querySelector("tbody")!, ...st.services.map((s) => h("tr", { class: `state-${s.state}`, "data-service": s.name },
    h("td", {}, s.name), h("td", { class: "state" }, s.state), h("td", {}, s.pid ?? ""), h("td", {}, ago(s.uptime_s)), h("td", {}, s.restarts), h("td", {}, s.reason ?? ""),
    h("td", { class: "actions" }, ...(canChange ? VERBS.map((v) => h("button", { type: "button", "data-verb": v, "data-service": s.name, "aria-label": `${v} ${s.name}` }, v)) : ["—"])))));
}

$("#services").addEventListener("click", async (e) => {
  const b = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-verb]");
  if (!b) return;
  const { verb, service } = b.dataset;
  if ((verb === "stop" || verb === "disable") && !confirm(`${verb} ${service}?`)) return;
  b.disabled = true;
  msg.textContent = `${verb} ${service}…`;
  try { await post(`/api/services/${encodeURIComponent(service!)}/${verb}`); msg.textContent = `${verb}: ${service} done`; } catch (err) { msg.textContent = `${verb} ${service}: ${errorText(err)}`; }
  b.disabled = false;
  await table();
});

// Logs
const out = $("#logs");
let follow: EventSource | undefined;
const render = (l: Line) => `${new Date(l.ts).toISOString()} ${l.service}[${l.stream}] ${l.line}\n`;
function append(l: Line): void {
  const atEnd = out.scrollTop + out.clientHeight >= out.scrollHeight - 4;
  out.append(render(l));
  while (out.childNodes.length > 2000) out.firstChild!.remove();
  if (atEnd) out.scrollTop = out.scrollHeight;
}
async function showLogs(): Promise<void> {
  follow?.close();
  follow = undefined;
  const q = new URLSearchParams({ n: "300" });
  const service = $<HTMLSelectElement>("#log-service").value, search = $<HTMLInputElement>("#log-search").value.trim();
  if (service) q.set("service", service);
  if (search) q.set("q", search);
  try {
    const r = await api<{ lines: Line[] }>(`/api/logs?${q}`);
    out.textContent = r.lines.map(render).join("") || "(no lines)\n";
    out.scrollTop = out.scrollHeight;
  } catch (err) { out.textContent = errorText(err); }
  if ($<HTMLInputElement>("#log-follow").checked) {
    follow = new EventSource(`/api/logs/follow?${q}`);
    follow.addEventListener("ready", () => { out.dataset.following = "1"; });
    follow.addEventListener("line", (e) => append(JSON.parse((e as MessageEvent).data) as Line));
  } else delete out.dataset.following;
}
$("#log-form").addEventListener("submit", (e) => { e.preventDefault(); void showLogs(); });
$("#log-follow").addEventListener("change", () => void showLogs());

const fromHash = decodeURIComponent(location.hash.slice(1));
void table().then(() => { if (fromHash) $<HTMLSelectElement>("#log-service").value = fromHash; return showLogs(); }).catch((e) => { msg.textContent = errorText(e); });
events({ service: () => void table() });
