/// <reference lib="dom" />
// Models: every model with its tier and state (a quarantined one says why); an admin uploads a GGUF,
// streamed as the request body.
import { $, api, boot, csrf, errorText, fill, h } from "./lib.ts";

interface Row { name: string; tier?: string; state?: string; reason?: string; bytes?: number; size?: number; note?: string }
boot();
async function list(): Promise<void> {
  try {
    const r = await api<{ models: Row[]; runtime?: string }>("/api/models");
    fill($("#models").querySelector("tbody")!, ...(r.models.length ? r.models.map((m) => h("tr", { class: m.state === "quarantined" ? "state-failed" : "" }, h("td", {}, m.name), h("td", {}, m.tier ?? ""), h("td", {}, m.state ?? ""), h("td", {}, m.bytes ?? m.size ? `${(((m.bytes ?? m.size)!) / 1048576).toFixed(1)} MiB` : ""), h("td", {}, m.reason ?? m.note ?? "")))
      : [h("tr", {}, h("td", { colspan: "5" }, `No models (runtime ${r.runtime ?? "?"}).`))]));
  } catch (err) { fill($("#models").querySelector("tbody")!, h("tr", {}, h("td", { colspan: "5" }, errorText(err)))); }
}
$("#upload-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const file = $<HTMLInputElement>("#upload-file").files?.[0];
  if (!file) return;
  const msg = $("#upload-msg");
  msg.textContent = `uploading ${file.name} (${(file.size / 1048576).toFixed(1)} MiB)…`;
  const res = await fetch(`/api/models/upload?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file, headers: { "x-csrf-token": csrf(), "content-type": "application/octet-stream" }, credentials: "same-origin" });
  const d = (await res.json().catch(() => ({}))) as { error?: string; hint?: string; bytes?: number };
  msg.textContent = res.ok ? `${file.name}: ${d.bytes} bytes written` : `${file.name}: ${d.error}${d.hint ? ` (${d.hint})` : ""}`;
  await list();
});
void list();
