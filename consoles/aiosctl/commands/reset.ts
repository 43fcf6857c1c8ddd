// aiosctl reset --factory [--wipe-state] [--yes]; registered in ../aiosctl.ts. Takes a snapshot, then
// leaves a marker on the state disk that stage 1 (init/stage1.sh) acts on at the next boot, and reboots:
// the overlay (configuration, keys, installed packages) is dropped before it is mounted; --wipe-state
// erases the whole state disk (audit log, memory, models, snapshots) too.
import type { CommandDef } from "citty";
import { defineCommand } from "citty";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { control } from "../../../runtime/control/client.ts";
import { setting } from "../../../runtime/config/settings.ts";
import { UserError } from "../../../runtime/errors.ts";
import { snapshotSystem } from "../../../runtime/snapshots/manual.ts";
import { writeDurable } from "../../../runtime/durable.ts";
import { personActor, withApplianceTools } from "../../../tools/appliance.ts";
import { act } from "../fail.ts";

/** The file stage 1 looks for on the state disk; its first line says how much to erase. */
export const resetMarker = () => `${setting("state_dir")}/factory-reset`;

async function ask(question: string, expected: RegExp): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UserError("a factory reset asks for confirmation, and there is no terminal to ask on", "pass --yes");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((res) => rl.question(question, res));
  rl.close();
  return expected.test(answer.trim());
}

const reset = defineCommand({
  meta: { name: "reset", description: "--factory: drop configuration and installed packages at the next boot (after a snapshot), and reboot" },
  args: {
    factory: { type: "boolean", description: "go back to the system image as built: the overlay over /etc, /usr and /var goes" },
    "wipe-state": { type: "boolean", description: "also erase the state disk: audit log, memory, models and snapshots" },
    yes: { type: "boolean", description: "do not ask for confirmation (both of them, with --wipe-state)" },
    json: { type: "boolean", description: "machine-readable output" },
  },
  run: act(async (a: { factory?: boolean; "wipe-state"?: boolean; yes?: boolean; json?: boolean }) => {
    if (!a.factory) throw new UserError("reset needs --factory", "aiosctl reset --factory [--wipe-state] [--yes]");
    const wipe = !!a["wipe-state"];
    const root = readFileSync("/proc/mounts", "utf8").split("\n").find((l) => l.split(" ")[1] === "/");
    if (root?.split(" ")[2] !== "overlay") throw new UserError("/ is not the overlay over the system image: there is nothing to reset", "run this on the appliance");
    if (!a.yes) {
      console.log(`This reboots and drops configuration, secrets, keys and installed packages (a snapshot is taken first).${wipe ? "\nWith --wipe-state the audit log, memory, models and snapshots (that one too) are erased as well." : ""}`);
      if (!(await ask("factory reset? [y/N] ", /^y(es)?$/i))) { console.log("nothing changed"); return 1; }
      if (wipe && !(await ask("erase the state disk for good? type ERASE: ", /^ERASE$/))) { console.log("nothing changed"); return 1; }
    }
    const who = personActor("aiosctl");
    const snap = await withApplianceTools(async (sys) => {
      const m = await snapshotSystem(sys.snapshots, sys.audit, who, "before a factory reset");
      sys.audit.append({ kind: "factory-reset", actor: who, subject: wipe ? "wipe-state" : "overlay", data: { snapshot: m.id } });
      return m.id;
    });
    writeDurable(resetMarker(), `${wipe ? "wipe-state" : "overlay"}\n`);
    await control("POST", "/v1/system/reboot");
    const r = { snapshot: snap, wipeState: wipe, rebooting: true };
    console.log(a.json ? JSON.stringify(r, null, 2) : `snapshot ${snap} taken; rebooting into a factory reset${wipe ? " (state disk erased)" : ""}`);
  }),
});

export const resetCommands: Record<string, CommandDef<any>> = { reset };
