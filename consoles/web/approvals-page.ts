// The web console's approvals page: pending tool calls with who, what, why, effects and expiry, each
// with approve and reject buttons. Plain HTML forms, no scripts.
import type { Approval } from "../../runtime/policy/approvals.ts";
import { describeEffect } from "../../runtime/policy/effects.ts";
import { whyText } from "../render/approvals.ts";
import { csrfField } from "./auth/csrf.ts";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function card(a: Approval, csrf: string | undefined): string {
  const effects = a.effects.length ? a.effects.map((e) => `<li>${esc(describeEffect(e))}</li>`).join("") : "<li>none</li>";
  const form = (verb: "approve" | "reject") =>
    `<form method="post" action="/approvals/${esc(a.id)}/${verb}">${csrfField(csrf)}`
    + `${verb === "reject" ? '<input name="note" placeholder="why (optional)"> ' : ""}<button>${verb}</button></form>`;
  return `<div class="approval" id="${esc(a.id)}"><h3>${esc(a.id)} <small>${esc(a.risk)} risk, expires ${esc(new Date(a.expiresAt).toISOString())}</small></h3>
<p><b>who</b> ${esc(a.agent)} &middot; <b>what</b> <code>${esc(a.tool)} ${esc(JSON.stringify(a.input))}</code></p>
<p><b>why</b> ${esc(whyText(a.why))}</p><p><b>effects</b></p><ul>${effects}</ul>${form("approve")}${form("reject")}</div>`;
}

/** csrf: the session's token for the forms (none for a Bearer client, which cannot use forms anyway). */
export function approvalsPage(pending: readonly Approval[], message?: string, csrf?: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>aiOS approvals</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}.approval{border:1px solid #ddd;padding:.5em 1em;margin:1em 0}form{display:inline-block;margin-right:1em}.msg{color:#036}</style></head><body>
<h1>Approvals</h1><p><a href="/">status</a></p>${message ? `<p class="msg">${esc(message)}</p>` : ""}
${pending.length ? pending.map((a) => card(a, csrf)).join("\n") : "<p>No pending approvals.</p>"}</body></html>`;
}
