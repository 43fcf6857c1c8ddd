// Dashboard: the health summary is rendered here (readable before any script runs); the charts of the
// last hour, open incidents and pending approvals are filled and kept live by client/dashboard.ts.
import type { StatusReply } from "../../../runtime/control/client.ts";
import type { Sample } from "../../../runtime/metrics/samples.ts";
import { esc } from "./layout.ts";

const mb = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
const UP = ["ready", "done", "degraded"];

/** Shared with client/dashboard.ts in words: why the appliance runs degraded, before the counts. */
const degradedHtml = (reasons: readonly string[] = []) => reasons.map((r) => `<strong class="degraded" role="alert">DEGRADED: ${esc(r)}</strong><br>`).join("");

export function dashboardBody(status: StatusReply | undefined, sample: Sample | undefined, error?: string): string {
  const services = status?.services ?? [];
  const up = services.filter((s) => UP.includes(s.state)).length;
  const rows = services.map((s) => `<tr class="state-${esc(s.state)}"><td>${esc(s.name)}</td><td>${esc(s.state)}</td><td>${esc(s.restarts)}</td><td>${esc(s.reason ?? "")}</td></tr>`).join("");
  const latest = sample
    ? `<p id="latest">At ${esc(new Date(sample.ts).toISOString())}: CPU ${esc(sample.cpu_pct)} %, load ${esc(sample.load1)}, memory ${mb(sample.mem_used)} of ${mb(sample.mem_total)}, state disk ${mb(sample.disk_used)} of ${mb(sample.disk_total)}.</p>`
    : `<p id="latest">No monitor sample yet.</p>`;
  const chart = (id: string, label: string) => `<figure class="chart"><figcaption>${label}</figcaption><div id="chart-${id}" class="plot" role="img" aria-label="${label} over the last hour"></div></figure>`;
  return `${error ? `<p class="error" role="alert">${esc(error)}</p>` : ""}
<section aria-labelledby="h-health" class="card"><h2 id="h-health">Health</h2>
<p id="health-summary">${degradedHtml(status?.degraded)}<strong>${up} of ${services.length}</strong> services up; uptime ${status ? Math.round(status.boot.uptime_s) : "?"} s; state on ${esc(status?.boot.state_device ?? "?")}.</p>${latest}
<p id="system-update">System: loading…</p>
<details><summary>Services</summary><table id="health-services"><thead><tr><th>name</th><th>state</th><th>restarts</th><th>note</th></tr></thead><tbody>${rows}</tbody></table></details></section>
<section aria-labelledby="h-charts"><h2 id="h-charts">Last hour</h2><div class="charts">${chart("cpu", "CPU %")}${chart("mem", "Memory used (MiB)")}${chart("disk", "State disk used (MiB)")}${chart("net", "Network (KiB/s)")}</div></section>
<div class="columns"><section aria-labelledby="h-inc" class="card"><h2 id="h-inc">Open incidents</h2><ul id="incidents" class="list"><li>loading…</li></ul></section>
<section aria-labelledby="h-apr" class="card"><h2 id="h-apr">Pending approvals</h2><ul id="approvals" class="list"><li>loading…</li></ul></section></div>`;
}
