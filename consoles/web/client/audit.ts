/// <reference lib="dom" />
// Audit: browse the chain, filtered by kind and actor; verify it; export it as NDJSON.
import { $, api, boot, errorText, fill, h, when } from "./lib.ts";

interface Entry { seq: number; ts: number; kind: string; actor: string; subject: string; data: unknown }
boot();
const msg = $("#audit-msg");
async function show(): Promise<void> {
  const q = new URLSearchParams({ n: $<HTMLInputElement>("#audit-n").value || "100" });
  const kind = $<HTMLInputElement>("#audit-kind").value.trim(), actor = $<HTMLInputElement>("#audit-actor").value.trim();
  if (kind) q.set("kind", kind);
  if (actor) q.set("actor", actor);
  try {
    const r = await api<{ entries: Entry[] }>(`/api/audit/tail?${q}`);
    fill($("#audit").querySelector("tbody")!, ...r.entries.slice().reverse().map((e) => h("tr", {}, h("td", {}, e.seq), h("td", {}, when(e.ts)), h("td", {}, e.kind), h("td", {}, e.actor), h("td", {}, e.subject), h("td", {}, h("code", {}, JSON.stringify(e.data))))));
    msg.textContent = `${r.entries.length} entries`;
  } catch (err) { msg.textContent = errorText(err); }
}
$("#audit-form").addEventListener("submit", (e) => { e.preventDefault(); void show(); });
$("#audit-verify").addEventListener("click", async () => {
  type V = { ok: boolean; count: number; head: { seq: number }; brokenAt?: number; problem?: string };
  const r = await api<V>("/api/audit/verify").catch((e): V => ({ ok: false, count: 0, head: { seq: 0 }, problem: errorText(e) }));
  msg.textContent = r.ok ? `the chain holds: ${r.count} entries, head #${r.head.seq}` : `the chain is broken${r.brokenAt ? ` at #${r.brokenAt}` : ""}: ${r.problem ?? ""}`;
});
void show();
