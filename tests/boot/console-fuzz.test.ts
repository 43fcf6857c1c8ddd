// A sample of the console campaign (bench/campaigns/console) through the VM's serial port: the same
// generated inputs (garbage, escape sequences, control keys, lines past the guest tty's 4095-byte
// canonical limit; none over 8 KB, since the line runs at 115200 baud) go to the appliance's console
// on ttyS0, which must answer `help` after each one. A ^D at the start of a line ends the console by
// design (end of file); init starts it again, and it must answer then too.
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Vm } from "./vm.ts";
import { freePort, out, scratch } from "./helpers.ts";
import { consoleInput, safe } from "../../bench/campaigns/console/campaign.ts";
import { HELP_MARK, PROMPT } from "../../bench/campaigns/console/terminal.ts";

const READY = /aios ready in ([\d.]+) s/;

describe("the console on the serial port, fed malformed input", () => {
  const dir = scratch();
  let vm: Vm;
  afterAll(() => vm?.kill());

  it("answers help after every generated input", async () => {
    vm = new Vm({ out, boot: "direct", socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort: freePort() });
    await vm.start();
    await vm.expect(READY, 400_000);
    await vm.chat("help", 120_000);
    const inputs = fc.sample(consoleInput.filter(safe).filter((i) => i.length <= 8192), { numRuns: 4, seed: 12 })
      .map((i) => (typeof i === "string" ? i : new TextDecoder().decode(i)));
    let answered = 0;
    for (const input of inputs) {
      const at = vm.send(`${input}\x11\r\rhelp`);
      // Asked twice: a y/n question from the front agent, or a console restarting after ^D, takes the first.
      const ok = await vm.expect(new RegExp(`${HELP_MARK}[^]*${PROMPT}`), 60_000, at).then(() => true, () => false)
        || await vm.expect(new RegExp(`${HELP_MARK}[^]*${PROMPT}`), 60_000, vm.send("help")).then(() => true, () => false);
      if (ok) answered++;
    }
    expect(answered).toBe(inputs.length);
  });
});
