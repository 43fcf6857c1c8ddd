/// <reference lib="dom" />
// Packages (read-only): installed count, upgradable packages and which are security updates.
import { $, api, boot, errorText, fill, h } from "./lib.ts";

boot();
api<{ installed: number; upgradable: { name: string; from?: string; to?: string; security: boolean }[]; security: number }>("/api/packages").then((r) => {
  $("#pkg-summary").textContent = `${r.installed} installed · ${r.upgradable.length} upgradable · ${r.security} security updates`;
  fill($("#upgradable").querySelector("tbody")!, ...(r.upgradable.length ? r.upgradable.map((u) => h("tr", {}, h("td", {}, u.name), h("td", {}, u.from ?? ""), h("td", {}, u.to ?? ""), h("td", {}, u.security ? "yes" : "")))
    : [h("tr", {}, h("td", { colspan: "4" }, "Everything is up to date (as of the last apt-get update)."))]));
}, (e) => { $("#pkg-summary").textContent = errorText(e); });
