/// <reference lib="dom" />
// Firewall (read-only): listening sockets and the nftables ruleset.
import { $, api, boot, errorText, fill, h } from "./lib.ts";

boot();
api<{ ports: { proto: string; address: string; port: number; process: string | null }[]; ruleset: unknown; error: string | null }>("/api/firewall").then((r) => {
  fill($("#ports").querySelector("tbody")!, ...r.ports.sort((a, b) => a.port - b.port).map((p) => h("tr", {}, h("td", {}, p.proto), h("td", {}, p.address), h("td", {}, p.port), h("td", {}, p.process ?? ""))));
  const rs = r.ruleset as { ruleset?: string } | string | null;
  $("#ruleset").textContent = typeof rs === "string" ? rs : rs?.ruleset ?? (rs ? JSON.stringify(rs, null, 2) : `unavailable: ${r.error ?? "?"}`);
}, (e) => { $("#ruleset").textContent = errorText(e); });
