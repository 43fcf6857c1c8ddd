// The serial console's banner and break-glass menu as plain text for any terminal: printable ASCII
// only (data from the system is cleaned, so nothing can send escapes), every line at most 80 columns.
import type { AuditEntry } from "../../runtime/audit/log.ts";
import type { SnapshotManifest } from "../../runtime/snapshots/store.ts";
import type { BannerFacts, InitView, RescueFacts } from "../serial/rescue/facts.ts";
import { reachable } from "../serial/rescue/addresses.ts";

export const WIDTH = 80;

/** Printable ASCII only: control characters, escapes and anything wider become "?". */
export const clean = (s: string) => s.replace(/[^\x20-\x7e]/g, "?");

/** Cleans and cuts a line to the width. */
export const fit = (s: string, width = WIDTH) => { const c = clean(s); return c.length > width ? `${c.slice(0, width - 3)}...` : c; };

/** Joins words into lines of at most `width`, each after `indent`. */
export function wrap(words: string[], indent: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = "";
  for (const w of words.map(clean)) {
    if (line && indent.length + line.length + 1 + w.length > width) { lines.push(indent + line); line = ""; }
    line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(indent + line);
  return lines.map((l) => fit(l, width));
}

/** Any text made safe for the console: each line cleaned, long ones wrapped (continued indented). */
export const toWidth = (text: string, width = WIDTH) =>
  text.split("\n").map((l) => (clean(l).length <= width ? clean(l) : wrap(l.split(" "), "  ", width).map((w, i) => (i === 0 ? w.slice(2) : w)).join("\n"))).join("\n");

const host = (addr: string) => { const ip = addr.split("/")[0]!; return ip.includes(":") ? `[${ip}]` : ip; };

/** How to reach the web console from another machine, or why it cannot be reached. */
export function webLines(f: BannerFacts, note = ""): string[] {
  const { port, bind } = f.web;
  if (bind === "127.0.0.1" || bind === "::1") return [`web console: only on this machine (bind ${bind}): ssh -L ${port}:127.0.0.1:${port}`];
  const ips = bind === "0.0.0.0" || bind === "::" ? f.addresses.flatMap(reachable) : [bind];
  if (!ips.length) return ["web console: no network address yet (cable? DHCP?); /shell to look"];
  const urls = ips.map((a) => `https://${host(a)}:${port}/`);
  if (note) urls.push(note);
  return wrap(urls, " ".repeat(13)).map((l, i) => (i === 0 ? `web console: ${l.trimStart()}` : l));
}

export function addressLine(f: BannerFacts): string[] {
  const words = f.addresses.filter((i) => reachable(i).length).map((i) => `${i.name} ${reachable(i).join(" ")}`);
  return words.length ? wrap(words, " ".repeat(11)).map((l, i) => (i === 0 ? `addresses: ${l.trimStart()}` : l)) : ["addresses: none yet (no link or no DHCP lease)"];
}

const UP = new Set(["ready", "done", "degraded"]);

export function healthLine(init: InitView): string {
  if (!init.ok) return "health: init is not answering";
  const svcs = init.status.services;
  const down = svcs.filter((s) => !UP.has(s.state));
  if (!down.length) return `health: all ${svcs.length} services up${init.status.boot.ready ? "" : ", still booting"}`;
  // Only "failed" is named: starting, back-off and waiting alternate in a crash loop and would re-print the banner.
  return fit(`health: ${svcs.length - down.length}/${svcs.length} up; not up: ${down.map((s) => (s.state === "failed" ? `${s.name} (failed)` : s.name)).join(", ")}`);
}

/** "DEGRADED: <reason>", one line per reason, wrapped to the width (never cut: the path matters). */
export function degradedLines(reasons: readonly string[] = []): string[] {
  return reasons.flatMap((r) => wrap(`DEGRADED: ${r}`.split(" "), "  ").map((l, i) => (i === 0 ? l.trimStart() : l)));
}

/** The banner above the prompt (as on HAOS and Talos). The console re-prints it only when it changes. */
export function renderBanner(f: BannerFacts): string {
  return [`-- aiOS ${"-".repeat(WIDTH)}`.slice(0, WIDTH), ...addressLine(f), ...webLines(f, "(/web: login link)"), fit(`state disk: ${f.stateDisk}`), healthLine(f.init), ...degradedLines(f.degraded)].join("\n");
}

function servicesBlock(init: InitView): string[] {
  if (!init.ok) return [fit(`services: init is NOT answering on ${init.socket}`), fit(`  (${init.why})`), "  restart (4) needs init; reboot (5) can force it; a shell (6) always works"];
  const rows = init.status.services.map((s) => fit(`  ${s.name.padEnd(16)} ${s.state.padEnd(9)} ${String(s.restarts).padStart(3)} restarts  ${s.reason ?? ""}`.trimEnd()));
  return [`services (from init, ${init.status.boot.ready ? "booted" : "still booting"}):`, ...rows];
}

const stamp = (ts: number) => new Date(ts).toISOString().slice(5, 19).replace("T", " ");

export function auditLine(e: AuditEntry): string {
  const data = e.data === null || e.data === undefined ? "" : JSON.stringify(e.data);
  return fit(`${String(e.seq).padStart(6)} ${stamp(e.ts)} ${e.kind} ${e.actor} ${e.subject} ${data}`.trimEnd());
}

function auditBlock(a: RescueFacts["audit"]): string[] {
  if ("error" in a) return [fit(`audit: cannot read the log: ${a.error}`)];
  const v = a.verify;
  const head = v.ok ? `audit: chain verified OK (${v.count} entries)` : `audit: chain BROKEN at entry ${v.brokenAt}: ${v.reason}`;
  if (!a.tail.length) return [fit(head), "  no audit entries yet"];
  return [fit(`${head}; the last ${a.tail.length} (UTC):`), ...a.tail.map(auditLine)];
}

export const CHOICES = [
  "  1  undo the last change (restore the latest automatic snapshot)",
  "  2  turn autonomy off (agents keep watching, change nothing)",
  "  3  reset the firewall to the default",
  "  4  restart a service",
  "  5  reboot",
  "  6  open a root shell (exit to come back)",
  "  r  show all this again      q  back to the chat",
];

/** The whole menu: what is going on, then what can be done. */
export function renderRescue(f: RescueFacts): string {
  return [
    `== aiOS rescue: works with no model, no network, no agents ${"=".repeat(WIDTH)}`.slice(0, WIDTH),
    ...addressLine(f),
    ...webLines(f, "(login link: /web at the aios> prompt)"),
    fit(`state disk: ${f.stateDisk}`),
    ...servicesBlock(f.init),
    ...auditBlock(f.audit),
    "choose:",
    ...CHOICES,
  ].join("\n");
}

/** What "undo the last change" will put back, said before it asks. */
export function describeSnapshot(m: SnapshotManifest): string {
  const what = [...m.files.map((f) => `  ${f.path}${f.existed ? "" : " (did not exist then: removed)"}`),
    ...(m.nft ? ["  the firewall ruleset"] : []), ...(m.dpkg ? ["  the package selections (dpkg)"] : [])];
  return [`undo: restore snapshot ${m.id}, taken ${stamp(m.createdAt)} UTC`, `  before: ${m.desc}`,
    "it puts back, as they were then:", ...(what.length ? what : ["  nothing (the snapshot is empty)"]),
    "later changes to these are lost"].map((l) => fit(l)).join("\n");
}
