// The campaign's figures: one line per cut, then per workload the cuts survived, the writes
// acknowledged by kind and those lost (must be 0), and what recovery cost beside a plain boot.
import type { Acks, CutResult, Workload } from "./campaign.ts";

const count = (a: Acks) => Object.values(a).reduce((n, v) => n + v.length, 0);
const kinds = (a: Acks) => Object.entries(a).map(([k, v]) => `${k} ${v.length}`).join(", ") || "none";
export const survived = (r: CutResult) => r.booted && !r.bootError && r.dbs.length > 0 && r.dbs.every((d) => d.ok) && r.chainOk && r.lost.length === 0;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatCut(r: CutResult): string {
  const dbs = r.dbs.every((d) => d.ok) ? `ok (${r.dbs.length})` : r.dbs.filter((d) => !d.ok).map((d) => `${d.file}: ${d.detail}`).join("; ");
  return `  cut ${String(r.run).padStart(2)} ${r.workload.padEnd(8)} at +${(r.cutAfterMs / 1000).toFixed(1).padStart(5)} s: `
    + (r.booted ? `booted ${r.system} in ${s(r.bootMs)}${r.bootError ? `, CHECK FAILED (${r.bootError})` : ""}` : `DID NOT BOOT (${r.bootError})`)
    + `, acked ${count(r.acks)} (${kinds(r.acks)}), dbs ${dbs}, chain ${r.chainOk ? "ok" : r.chainDetail}, lost ${r.lost.length ? r.lost.join("; ") : 0}`
    + (r.notes.length ? `\n      ${r.notes.join("\n      ")}` : "");
}

/** Per-kind acknowledged totals over all cuts (pkg split by install/remove). */
function ackTotals(results: CutResult[]): string {
  const t = new Map<string, number>();
  for (const r of results) for (const [k, v] of Object.entries(r.acks)) {
    if (k === "pkg") for (const l of v) { const key = `pkg ${l.split(" ")[0]}`; t.set(key, (t.get(key) ?? 0) + 1); }
    else t.set(k, (t.get(k) ?? 0) + v.length);
  }
  return [...t].map(([k, n]) => `${k} ${n}`).join(", ");
}

export function formatCuts(results: CutResult[], baseline?: { plainBootMs: number }): string {
  const lines = results.map(formatCut);
  const by = new Map<Workload, CutResult[]>();
  for (const r of results) by.set(r.workload, [...(by.get(r.workload) ?? []), r]);
  for (const [w, rs] of by) {
    const booted = rs.filter((r) => r.booted);
    const mean = booted.length ? booted.reduce((n, r) => n + r.bootMs, 0) / booted.length : 0;
    const repaired = rs.filter((r) => r.notes.some((n) => n.includes("repaired by the appliance"))).length;
    lines.push(`  ${w.padEnd(8)}: survived ${rs.filter(survived).length}/${rs.length}, acknowledged ${rs.reduce((n, r) => n + count(r.acks), 0)}, lost ${rs.reduce((n, r) => n + r.lost.length, 0)}`
      + `, boot after a cut ${s(mean)} mean${baseline ? ` (${(mean / baseline.plainBootMs).toFixed(2)}x plain)` : ""}${repaired ? `, dpkg repaired at boot ${repaired}x` : ""}`);
  }
  if (baseline) lines.push(`  baseline: a plain reboot (clean shutdown, same disk) → aios ready in ${s(baseline.plainBootMs)}`);
  const lost = results.reduce((n, r) => n + r.lost.length, 0);
  lines.push(`power cuts survived: ${results.filter(survived).length}/${results.length}; acknowledged writes: ${results.reduce((n, r) => n + count(r.acks), 0)} (${ackTotals(results)}), lost: ${lost}`);
  return lines.join("\n");
}
