/// <reference lib="dom" />
// Chat with the front agent: the reply streams in (POST /api/chat, SSE); an approval shows inline with
// its effects and Approve/Reject, after which POST /api/goals/:id/resume streams the rest; each answer
// ends with the tier that understood it.
import type { ApprovalView, ChatEvent } from "../../../agents/front/types.ts";
import { tierLine } from "../../render/chat.ts";
import { $, boot, errorText, h, post, postSse } from "./lib.ts";

type Ev = ChatEvent | { type: "error"; error: string };

boot();
const convo = $("#conversation");
const form = $<HTMLFormElement>("#chat-form");
const input = $<HTMLInputElement>("#chat-text");
let session: string | undefined;

const bubble = (who: "you" | "aios") => { const li = h("li", { class: `msg ${who}` }); convo.append(li); li.scrollIntoView({ block: "end" }); return li; };

async function stream(li: HTMLElement, events: AsyncGenerator<{ event: string; data: Ev }>): Promise<void> {
  try {
    for await (const { event, data } of events) {
      if (data.type === "start") li.dataset.tier = data.tier;
      else if (data.type === "text") li.append(h("p", { class: "text" }, data.text));
      else if (data.type === "approval") li.append(approvalCard(data.approval, data.goal, li));
      else if (data.type === "goal") li.append(h("p", { class: "goal" }, `goal ${data.goal} (${data.title}): ${data.state}`));
      else if (data.type === "done") { li.dataset.tier = data.tier; li.append(h("p", { class: "tier" }, tierLine(data))); }
      else if (event === "error" || data.type === "error") li.append(h("p", { class: "error", role: "alert" }, "error" in data ? data.error : "error"));
      li.scrollIntoView({ block: "end" });
    }
  } catch (err) { li.append(h("p", { class: "error", role: "alert" }, errorText(err))); }
}

function approvalCard(a: ApprovalView, goal: number | undefined, li: HTMLElement): HTMLElement {
  const card = h("div", { class: "approval inline", "data-approval": a.id },
    h("p", {}, h("strong", {}, "Needs your approval: "), h("code", {}, a.tool ?? ""), ` (${a.agent ?? "?"}, ${a.risk ?? "?"} risk) `, h("small", {}, a.id ?? "")),
    h("ul", { class: "effects", "aria-label": "Effects" }, ...(a.effects.length ? a.effects.map((e) => h("li", {}, e)) : [h("li", {}, "no effects")])));
  const buttons = h("div", { class: "row" });
  for (const verb of ["approve", "reject"] as const) {
    const b = h("button", { type: "button", class: verb, "aria-label": `${verb === "approve" ? "Approve" : "Reject"} ${a.id}` }, verb === "approve" ? "Approve" : "Reject");
    b.addEventListener("click", async () => {
      buttons.querySelectorAll("button").forEach((x) => (x.disabled = true));
      try {
        const r = await post<{ approval: { status: string } }>(`/api/approvals/${a.id}/${verb}`);
        card.append(h("p", { class: "decided" }, `${a.id} ${r.approval.status}`));
        if (goal !== undefined) await stream(li, postSse<Ev>(`/api/goals/${goal}/resume`));
      } catch (err) { card.append(h("p", { class: "error", role: "alert" }, errorText(err))); }
    });
    buttons.append(b);
  }
  card.append(buttons);
  return card;
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  bubble("you").textContent = text;
  session ??= `web-${Math.random().toString(36).slice(2, 10)}`;
  const li = bubble("aios");
  li.setAttribute("aria-busy", "true");
  await stream(li, postSse<Ev>("/api/chat", { text, session }));
  li.removeAttribute("aria-busy");
  input.focus();
});
