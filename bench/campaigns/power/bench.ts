// Power-cut campaign: N hard kills of QEMU, on one state disk, while the appliance writes its audit log,
// configuration and agents' state, installs and removes packages, or applies an update (in turn);
// prints each cut and the totals (survived, acknowledged by kind, lost), beside a plain reboot's time.
// Usage: bun bench/campaigns/power/bench.ts [cuts=24] [max-seconds-into-writes=20] [seed=1] [workloads=writers,packages,update]
// (after npm run build; hold /tmp/aios-vm.lock)
import { freePort, newDisk, scratch, ssh } from "../../../tests/boot/helpers.ts";
import { boot, runCuts, type Workload } from "./campaign.ts";
import { formatCut, formatCuts, survived } from "./report.ts";

const cuts = Number(process.argv[2] ?? 24);
const maxMs = Number(process.argv[3] ?? 20) * 1000;
const seed = Number(process.argv[4] ?? 1);
const workloads = (process.argv[5] ?? "writers,packages,update").split(",") as Workload[];
const dir = scratch();
const rig = { dir, disk: await newDisk(`${dir}/state.qcow2`), sshPort: freePort(), boots: 0 };
const t0 = performance.now();
// The baseline: a clean reboot on the same (already made) disk, measured as the cuts' boots are.
const first = await boot(rig);
await ssh(rig.sshPort, "aiosctl reboot");
await first.vm.waitExit(120_000);
const plain = await boot(rig);
const results = await runCuts(rig, { cuts, maxMs, seed, workloads }, (r) => console.error(formatCut(r)), plain.vm);
console.log(`power-cut campaign (${cuts} cuts, ${workloads.join(", ")}, ${((performance.now() - t0) / 1000).toFixed(0)} s, ${rig.boots} boots, seed ${seed}):`);
console.log(formatCuts(results, { plainBootMs: plain.ms }));
process.exitCode = results.length < cuts || !results.every(survived) ? 1 : 0;
