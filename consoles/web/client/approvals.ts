/// <reference lib="dom" />
// Approvals: the server renders the cards and their forms (they work without this module); here the
// forms post with fetch, and the list is re-rendered by the server whenever an approval event arrives.
import { $, boot, errorText, events, post } from "./lib.ts";

boot();
const msg = $("#apr-msg");
async function refresh(): Promise<void> {
  const html = await (await fetch("/approvals", { headers: { accept: "text/html" }, credentials: "same-origin" })).text();
  const list = new DOMParser().parseFromString(html, "text/html").querySelector("#approval-list");
  if (list) $("#approval-list").replaceChildren(...list.childNodes);
}
$("#approval-list").addEventListener("submit", async (e) => {
  const form = e.target as HTMLFormElement;
  if (!form.classList.contains("decide")) return;
  e.preventDefault();
  const [, , id, verb] = new URL(form.action).pathname.split("/");
  const note = (form.elements.namedItem("note") as HTMLInputElement | null)?.value.trim();
  form.querySelectorAll("button").forEach((b) => (b.disabled = true));
  try {
    const r = await post<{ approval: { status: string }; outcome: { status: string } | null }>(`/api/approvals/${id}/${verb}`, note ? { note } : undefined);
    msg.textContent = `${id} ${r.approval.status}${r.outcome ? `: ${r.outcome.status}` : ""}`;
  } catch (err) { msg.textContent = `${id}: ${errorText(err)}`; }
  await refresh();
});
events({ approval: () => void refresh() });
