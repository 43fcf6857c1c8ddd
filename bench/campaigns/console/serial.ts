// The console campaign through the appliance's serial port: the booted image's console on ttyS0 gets
// the PTY campaign's generated inputs (up to 8 KB each: the port runs at 115200 baud) and must answer
// `help` after each. A ^D at the start of a line ends the console by design; init starts it again, and
// the second `help` is answered by the new one. The boot tier runs 4 of these (tests/boot/models.test.ts).
// Usage: bun bench/campaigns/console/serial.ts [inputs=200] [seed=12]  (after npm run build; VM lock)
import fc from "fast-check";
import { Vm } from "../../../tests/boot/vm.ts";
import { freePort, newDisk, out, scratch } from "../../../tests/boot/helpers.ts";
import { Tally } from "../tally.ts";
import { consoleInput, safe, targetOf } from "./campaign.ts";
import { HELP_MARK, PROMPT } from "./terminal.ts";

const n = Number(process.argv[2] ?? 200);
const seed = Number(process.argv[3] ?? 12);
const dir = scratch();
const vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort: freePort(), webPort: freePort() });
const tally = new Tally("console (serial)");
const answered = new RegExp(`${HELP_MARK}[^]*${PROMPT}`);
try {
  await vm.start();
  await vm.expect(/aios ready in/, 300_000);
  await vm.chat("help", 120_000);
  const inputs = fc.sample(consoleInput.filter(safe).filter((i) => i.length <= 8192), { numRuns: n, seed });
  const t0 = performance.now();
  for (const raw of inputs) {
    const input = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
    const t = performance.now();
    const first = await vm.expect(answered, 60_000, vm.send(`${input}\x11\r\rhelp`)).then(() => true, () => false);
    // Asked twice: a y/n question from the front agent, or a console restarting after ^D, takes the first.
    const second = first || await vm.expect(answered, 60_000, vm.send("help")).then(() => true, () => false);
    tally.record(targetOf(raw), !second || vm.exitCode !== undefined ? "crash" : first ? "2xx" : "3xx", performance.now() - t, () => input,
      second ? "" : `no answer to help twice; transcript tail: ${vm.transcript.slice(-300)}`);
  }
  console.log(`${tally.table()}\n(3xx: answered at the second help; ${((performance.now() - t0) / 1000).toFixed(0)} s; PID 1 ${vm.exitCode === undefined ? "alive" : "died"})`);
  process.exitCode = tally.total("crash") ? 1 : 0;
} finally { vm.kill(); }
