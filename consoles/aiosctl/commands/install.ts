// aiosctl install /dev/sdX [--yes] [--keep-state] [--json]: writes the running system to a disk that
// then boots on its own (BIOS or UEFI). The operator confirms by typing the device's name.
import type { CommandDef } from "citty";
import { defineCommand } from "citty";
import { createInterface } from "node:readline";
import { setting } from "../../../runtime/config/settings.ts";
import { UserError } from "../../../runtime/errors.ts";
import { checkTarget } from "../../../runtime/install/target.ts";
import { install, runningSystemFiles } from "../../../runtime/install/write.ts";
import { act } from "../fail.ts";

async function typed(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UserError("an install asks for the device's name as confirmation, and there is no terminal to ask on", "pass --yes");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((res) => rl.question(question, res));
  rl.close();
  return answer.trim();
}

const installCmd = defineCommand({
  meta: { name: "install", description: "install the running system to a disk (erases it): GPT, GRUB for BIOS and UEFI, system slot A, state" },
  args: {
    device: { type: "positional", required: true, description: "the whole disk to erase, e.g. /dev/sda" },
    yes: { type: "boolean", description: "do not ask for the device's name as confirmation" },
    "keep-state": { type: "boolean", description: "copy this system's /var/lib/aios (configuration, keys, memory) onto the new disk; else it starts empty" },
    json: { type: "boolean", description: "machine-readable output" },
  },
  run: act(async (a: { device: string; yes?: boolean; "keep-state"?: boolean; json?: boolean }) => {
    const target = checkTarget(a.device);
    if (!a.yes) {
      console.log(`This erases everything on ${target.dev} (${(target.bytes / 1e9).toFixed(1)} GB) and installs aiOS on it.`);
      const answer = await typed(`type the device's name (${target.dev}) to go on: `);
      if (answer !== target.dev && answer !== target.name) { console.log("nothing changed"); return 1; }
    }
    if (!a.json) console.log(`installing to ${target.dev}…`);
    const r = await install(target, { sources: runningSystemFiles(), keepState: !!a["keep-state"], stateDir: setting("state_dir"), work: `${setting("run_dir")}/install` });
    if (a.json) { console.log(JSON.stringify(r, null, 2)); return; }
    for (const p of r.partitions) console.log(`  ${p.path.padEnd(16)} ${(p.label || "BIOS boot").padEnd(12)} ${p.mib === null ? "rest of the disk" : `${p.mib} MiB`}`);
    const total = Object.values(r.ms).reduce((x, y) => x + y, 0);
    console.log(`installed to ${r.disk} in ${(total / 1000).toFixed(1)} s (slot A; state ${r.keptState ? "copied from this system" : "empty"}): remove the ISO and boot from the disk`);
  }),
});

export const installCommands: Record<string, CommandDef<any>> = { install: installCmd };
