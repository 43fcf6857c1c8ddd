/// <reference lib="dom" />
// Settings: the autonomy switch (admins change it) and the effective configuration with where each
// value comes from, as `aiosctl config show` gives it (read-only here).
import { $, api, boot, errorText, fill, h, post, role } from "./lib.ts";

boot();
async function autonomy(): Promise<void> {
  const r = await api<{ autonomy: string; modes: string[] }>("/api/autonomy").catch((e) => ({ autonomy: errorText(e), modes: [] as string[] }));
  const sel = $<HTMLSelectElement>("#autonomy");
  fill(sel, ...r.modes.map((m) => h("option", { value: m, selected: m === r.autonomy }, m)));
  sel.disabled = role() !== "admin";
  $("#auto-msg").textContent = `now: ${r.autonomy}`;
}
async function config(): Promise<void> {
  const all = $<HTMLInputElement>("#config-all").checked;
  try {
    const r = await api<{ settings: { key: string; value: string; from: string; help: string }[] }>(`/api/config${all ? "?all=1" : ""}`);
    fill($("#config").querySelector("tbody")!, ...(r.settings.length ? r.settings.map((s) => h("tr", { title: s.help }, h("td", {}, h("code", {}, s.key)), h("td", {}, s.value), h("td", {}, s.from)))
      : [h("tr", {}, h("td", { colspan: "3" }, "Every setting is at its default (tick “Defaults too”)."))]));
  } catch (err) { fill($("#config").querySelector("tbody")!, h("tr", {}, h("td", { colspan: "3" }, errorText(err)))); }
}
$("#autonomy-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try { const r = await post<{ autonomy: string }>("/api/settings/autonomy", { mode: $<HTMLSelectElement>("#autonomy").value }); $("#auto-msg").textContent = `now: ${r.autonomy}`; } catch (err) { $("#auto-msg").textContent = errorText(err); }
});
$("#config-all").addEventListener("change", () => void config());
void autonomy();
void config();
