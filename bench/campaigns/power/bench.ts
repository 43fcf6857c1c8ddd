// Power-cut campaign: N hard kills of QEMU while the appliance writes its audit log, configuration and
// agents' state, on one state disk; prints each cut and the totals (survived, acknowledged, lost).
// Usage: bun bench/campaigns/power/bench.ts [cuts=20] [max-seconds-into-writes=20] [seed=1]  (after npm run build)
import { freePort, newDisk, scratch } from "../../../tests/boot/helpers.ts";
import { formatCuts, runCuts } from "./campaign.ts";

const cuts = Number(process.argv[2] ?? 20);
const maxMs = Number(process.argv[3] ?? 20) * 1000;
const seed = Number(process.argv[4] ?? 1);
const dir = scratch();
const rig = { dir, disk: await newDisk(`${dir}/state.qcow2`), sshPort: freePort(), boots: 0 };
const t0 = performance.now();
const results = await runCuts(rig, cuts, maxMs, seed, (r) => console.error(formatCuts([r]).split("\n")[0]));
console.log(`power-cut campaign (${cuts} cuts, ${((performance.now() - t0) / 1000).toFixed(0)} s, ${rig.boots} boots):`);
console.log(formatCuts(results));
const bad = results.length < cuts || results.some((r) => !r.booted || r.lost.length || !r.chainOk || r.dbs.some((d) => !d.ok));
process.exitCode = bad ? 1 : 0;
