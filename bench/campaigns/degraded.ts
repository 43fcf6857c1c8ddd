// Degraded-mode campaign: each case on a real filesystem (a small ext4 on a loop device, or a tmpfs,
// in a private mount namespace):
// the state disk full, remounted read-only, aios.db with pages overwritten, audit.db with a leaf page
// overwritten. Prints, per case, what the operator was told, whether every error was a clear one-line
// message, what status said, whether the appliance recovered once the cause was gone, and what was lost.
// Usage (root): bun bench/campaigns/degraded.ts [case ...]
import { table } from "../../consoles/render/status.ts";
import { CASES } from "./degraded/cases.ts";
import { canMount, runCase } from "./degraded/spawn.ts";

if (!canMount()) { console.error("degraded campaign: needs root and unshare -m (a private mount namespace with a tmpfs)"); process.exit(2); }
const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(CASES);
const rows = [["CASE", "FS", "CLEAR", "RECOVERED", "AUDIT LOST", "STATUS", "OUTCOME", "DATA LOST"]];
let bad = 0;
for (const name of names) {
  const o = await runCase(name);
  if (!o.clear || !o.recovered) bad++;
  const short = (s: string) => s.replace(/\/tmp\/aios-degraded-[^/]+\/state\//g, "");
  rows.push([o.case, o.fs ?? "?", o.clear ? "yes" : "NO", o.recovered ? "yes" : "NO", String(o.auditLost), short(o.status) || "-", short(o.outcome), o.dataLost]);
  console.error(`${name}: done`);
}
console.log(table(rows));
console.log(`\n${names.length} cases, ${names.length - bad} clear and recovered`);
process.exit(bad ? 1 : 0);
