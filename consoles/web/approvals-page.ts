// The web console's approvals page: pending tool calls with who, what, why, effects and expiry, each
// with approve and reject buttons. Plain HTML forms that work without scripts; client/approvals.ts
// posts them with fetch and keeps the list live.
import type { Approval } from "../../runtime/policy/approvals.ts";
import { describeEffect } from "../../runtime/policy/effects.ts";
import { whyText } from "../render/approvals.ts";
import { csrfField } from "./auth/csrf.ts";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function card(a: Approval, csrf: string | undefined): string {
  const effects = a.effects.length ? a.effects.map((e) => `<li>${esc(describeEffect(e))}</li>`).join("") : "<li>none</li>";
  const form = (verb: "approve" | "reject") =>
    `<form method="post" action="/approvals/${esc(a.id)}/${verb}" class="decide">${csrfField(csrf)}`
    + `${verb === "reject" ? `<label><span class="sr">Why reject ${esc(a.id)}</span><input name="note" placeholder="why (optional)"></label> ` : ""}<button type="submit" class="${verb}" aria-label="${verb === "approve" ? "Approve" : "Reject"} ${esc(a.id)}">${verb === "approve" ? "Approve" : "Reject"}</button></form>`;
  return `<div class="approval card" id="${esc(a.id)}" data-approval="${esc(a.id)}"><h3>${esc(a.id)} <small>${esc(a.risk)} risk, expires ${esc(new Date(a.expiresAt).toISOString())}</small></h3>
<p><b>who</b> ${esc(a.agent)} &middot; <b>what</b> <code>${esc(a.tool)} ${esc(JSON.stringify(a.input))}</code></p>
<p><b>why</b> ${esc(whyText(a.why))}</p><p><b>effects</b></p><ul>${effects}</ul>${form("approve")}${form("reject")}</div>`;
}

/** The page's body; csrf: the session's token for the forms (none for a Bearer client, which cannot use forms anyway). */
export function approvalsBody(pending: readonly Approval[], message?: string, csrf?: string): string {
  return `<p id="apr-msg" class="msg" role="status" aria-live="polite">${message ? esc(message) : ""}</p>
<div id="approval-list">${pending.length ? pending.map((a) => card(a, csrf)).join("\n") : "<p>No pending approvals.</p>"}</div>`;
}
