// The status page: services, their state, and the latest monitor sample. Plain HTML, no scripts.
import type { StatusReply } from "../../runtime/control/client.ts";
import type { Sample } from "../../runtime/metrics/samples.ts";
import { csrfField } from "./auth/csrf.ts";

/** The login looking at the page (none for a Bearer client): its name, role and the logout form's CSRF token. */
export interface PageUser { name: string; role: string; csrf: string }

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;

export function statusPage(status: StatusReply | undefined, sample: Sample | undefined, error?: string, user?: PageUser): string {
  const rows = (status?.services ?? []).map((s) => `<tr class="${esc(s.state)}"><td>${esc(s.name)}</td><td>${esc(s.state)}</td><td>${esc(s.pid ?? "")}</td><td>${esc(s.uptime_s)} s</td><td>${esc(s.restarts)}</td><td>${esc(s.reason ?? "")}</td></tr>`).join("\n");
  const sampleHtml = sample
    ? `<p>At ${esc(new Date(sample.ts).toISOString())}: CPU ${esc(sample.cpu_pct)} %, load ${esc(sample.load1)}, memory ${mb(sample.mem_used)} of ${mb(sample.mem_total)}, state disk ${mb(sample.disk_used)} of ${mb(sample.disk_total)}, network ${mb(sample.net_rx)} in / ${mb(sample.net_tx)} out.</p>`
    : "<p>No monitor sample yet.</p>";
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>aiOS</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}
.failed td{color:#b00}.ready td:nth-child(2),.done td:nth-child(2){color:#070}</style></head><body>
<h1>aiOS</h1><p><a href="/approvals">Approvals</a> · <a href="/api/audit/verify">Audit chain</a> · <a href="/api/status">Status (JSON)</a>${user ? ` · ${esc(user.name)} (${esc(user.role)}) <form method="post" action="/logout" style="display:inline">${csrfField(user.csrf)}<button>log out</button></form>` : ""}</p>${error ? `<p class="failed">${esc(error)}</p>` : ""}
<p>Up ${esc(status?.boot.uptime_s ?? "?")} s; state on ${esc(status?.boot.state_device ?? "?")}.</p>
<h2>Services</h2><table><tr><th>name</th><th>state</th><th>pid</th><th>uptime</th><th>restarts</th><th>note</th></tr>
${rows}</table><h2>Latest monitor sample</h2>${sampleHtml}</body></html>`;
}
