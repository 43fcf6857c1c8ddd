// Soak campaign: one hour (by default) of steady load on a booted appliance; per service RSS must grow
// < 5 % and open fds must not grow; `aiosctl status` must not slow down.
// Usage: bun bench/campaigns/soak/bench.ts [seconds=3600] [sample-every=60]  (after npm run build)
import { Vm } from "../../../tests/boot/vm.ts";
import { freePort, newDisk, out, scratch } from "../../../tests/boot/helpers.ts";
import { formatSoak, runSoak } from "./campaign.ts";

const seconds = Number(process.argv[2] ?? 3600);
const every = Number(process.argv[3] ?? 60);
const dir = scratch();
const sshPort = freePort();
const webPort = freePort();
const vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort, webPort });
try {
  await vm.start();
  await vm.expect(/aios ready in/, 300_000);
  const r = await runSoak(sshPort, webPort, seconds, every, (l) => { if (l.startsWith("T ")) process.stderr.write(`  ${l}\n`); });
  console.log(formatSoak(r));
  // fds: a request in flight at the sample holds one or two for a moment; a leak keeps growing past that.
  const bad = r.services.filter((s) => s.rssGrowth >= 0.05 || s.fdsLast > s.fdsFirst + 2);
  console.log(`result: ${bad.length ? `FAIL (${bad.map((s) => s.name).join(", ")})` : "PASS"}; PID 1 ${vm.exitCode === undefined ? "alive" : "died"}`);
  process.exitCode = bad.length || r.webErrors ? 1 : 0;
} finally { vm.kill(); }
