/// <reference lib="dom" />
// Snapshots & jobs: list; create and restore (after a confirmation) through the tool registry, so a
// restore may wait for an approval like any other change.
import { $, api, boot, errorText, fill, h, post, role, when } from "./lib.ts";

interface Snap { id: string; createdAt: number; auto: boolean; desc: string; files: number }
interface Job { name?: string; id?: string; owner?: string; cron?: string; schedule?: string; state?: string; nextRun?: number; lastRun?: number; lastResult?: string }
type Outcome = { status: string; approvalId?: string; reason?: string; error?: string; result?: { id?: string } };
boot();
const msg = $("#snap-msg");
const say = (what: string, o: Outcome) => { msg.textContent = `${what}: ${o.status}${o.approvalId ? ` — waiting for approval ${o.approvalId} (Approvals page)` : ""}${o.reason ? ` — ${o.reason}` : ""}${o.error ? ` — ${o.error}` : ""}${o.result?.id ? ` ${o.result.id}` : ""}`; };
async function list(): Promise<void> {
  const r = await api<{ snapshots: Snap[]; jobs: Job[] }>("/api/snapshots").catch((e) => { msg.textContent = errorText(e); return { snapshots: [], jobs: [] }; });
  const canRestore = role() !== "viewer";
  fill($("#snapshots").querySelector("tbody")!, ...r.snapshots.slice().reverse().map((s) => h("tr", {}, h("td", {}, s.id), h("td", {}, when(s.createdAt)), h("td", {}, `${s.desc}${s.auto ? " (automatic)" : ""}`), h("td", {}, s.files),
    h("td", {}, canRestore ? h("button", { type: "button", "data-restore": s.id, "aria-label": `Restore ${s.id}` }, "Restore") : ""))));
  fill($("#jobs").querySelector("tbody")!, ...r.jobs.map((j) => h("tr", {}, h("td", {}, j.name ?? j.id ?? ""), h("td", {}, j.owner ?? ""), h("td", {}, j.cron ?? j.schedule ?? ""), h("td", {}, j.state ?? ""), h("td", {}, when(j.nextRun)), h("td", {}, `${when(j.lastRun)} ${j.lastResult ?? ""}`))));
}
$("#snap-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  msg.textContent = "taking a snapshot…";
  try { say("snapshot", await post<Outcome>("/api/snapshots", { desc: $<HTMLInputElement>("#snap-label").value })); } catch (err) { msg.textContent = errorText(err); }
  await list();
});
$("#snapshots").addEventListener("click", async (e) => {
  const id = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-restore]")?.dataset.restore;
  if (!id || !confirm(`Restore ${id}? Its files, firewall ruleset and package selections replace the current ones.`)) return;
  try { say(`restore ${id}`, await post<Outcome>(`/api/snapshots/${id}/restore`)); } catch (err) { msg.textContent = errorText(err); }
  await list();
});
void list();
