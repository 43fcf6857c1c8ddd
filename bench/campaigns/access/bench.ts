// Access campaign: boots the appliance with its only card on a tap in a network namespace, then from
// there scans every TCP port (IPv4 and IPv6), probes UDP and ICMP, shows the default drop with a live
// listener, tries ssh's ways in, and looks for secrets in every log; prints the figures.
// Usage (root, after npm run build): bun bench/campaigns/access/bench.ts [tcp-ports=1-65535]
import { Vm } from "../../../tests/boot/vm.ts";
import { newDisk, out, scratch } from "../../../tests/boot/helpers.ts";
import { cannotTapNet, TapNet } from "../../../tests/boot/tapnet.ts";
import { formatReport, problems, runAccess } from "./campaign.ts";

const why = cannotTapNet();
if (why) { console.error(`access campaign: ${why}`); process.exit(2); }
const tcpPorts = process.argv[2] ?? "1-65535";
const dir = scratch();
const net = await TapNet.create(dir);
const vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, tap: net.nic });
try {
  await vm.start();
  await vm.expect(/aios ready in/, 300_000);
  const t0 = performance.now();
  const r = await runAccess(net, { tcpPorts, tcp6Ports: tcpPorts, serialLog: () => vm.transcript, onStep: (s) => process.stderr.write(`  ${s}\n`) });
  console.log(`access campaign (${((performance.now() - t0) / 1000).toFixed(0)} s):`);
  console.log(formatReport(r));
  const p = problems(r);
  console.log(p.length ? `result: FAIL\n${p.map((x) => `  - ${x}`).join("\n")}` : "result: PASS");
  process.exitCode = p.length ? 1 : 0;
} finally { vm.kill(); await net.close(); }
