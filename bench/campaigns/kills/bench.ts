// Kills campaign: boots the appliance (direct kernel, fresh state disk) and SIGKILLs every running
// service 200 times in turn, then in bursts, then drives one into a crash loop; prints the figures.
// Usage: bun bench/campaigns/kills/bench.ts [kills=200] [bursts=5]  (after npm run build)
import { Vm } from "../../../tests/boot/vm.ts";
import { freePort, newDisk, out, scratch } from "../../../tests/boot/helpers.ts";
import { formatReport, runKills } from "./campaign.ts";

const kills = Number(process.argv[2] ?? 200);
const bursts = Number(process.argv[3] ?? 5);
const dir = scratch();
const sshPort = freePort();
const vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort });
try {
  await vm.start();
  await vm.expect(/aios ready in/, 300_000);
  const t0 = performance.now();
  const r = await runKills(sshPort, { kills, bursts, looper: "monitor", onLine: (l) => process.stderr.write(`  ${l}\n`) });
  console.log(`kills campaign (${((performance.now() - t0) / 1000).toFixed(0)} s):`);
  console.log(formatReport(r));
  const ok = r.lost.length === 0 && r.audit.gaps.length === 0 && r.audit.verified && r.after.zombies <= r.before.zombies && vm.exitCode === undefined;
  console.log(`result: ${ok ? "PASS" : "FAIL"} (PID 1 ${vm.exitCode === undefined ? "alive" : "died"})`);
  process.exitCode = ok ? 0 : 1;
} finally { vm.kill(); }
