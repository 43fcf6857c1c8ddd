// The break-glass choices, one small function each. Every one that changes something says what it
// will do and asks first (y/N). Undo, autonomy off and the firewall reset go through the executor's
// admin socket when it answers (one writer, audited as the person), else directly in this process.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { agentPaths } from "../../../agents/host/paths.ts";
import { ExecutorClient } from "../../../agents/host/executor/client.ts";
import { LocalExecutor } from "../../../agents/host/executor/local.ts";
import { setting } from "../../../runtime/config/settings.ts";
import { control } from "../../../runtime/control/client.ts";
import { errorMessage, SystemError } from "../../../runtime/errors.ts";
import type { Runner } from "../../../runtime/proc/exec.ts";
import { restoreSnapshot } from "../../../runtime/snapshots/manual.ts";
import { openApplianceTools, withApplianceTools } from "../../../tools/appliance.ts";
import { type DefaultFirewall, resetFirewall } from "../../../tools/firewall/restore.ts";
import { describeSnapshot, wrap } from "../../render/rescue.ts";
import { latestAutoSnapshot, readInit, within } from "./facts.ts";

export interface RescueIO {
  write(text: string): void;
  /** One line from the person; undefined when the terminal went away. */
  ask(question: string): Promise<string | undefined>;
}

export interface RescueDeps {
  /** Runs nft, sync and reboot -f (the real runner on the appliance, a dry one in tests). */
  runner: Runner;
  /** The audit actor: personActor("serial"). */
  who: string;
  /** How long init may take to answer before it counts as down. */
  initMs: number;
  firewall: DefaultFirewall;
}

export const confirm = async (io: RescueIO, question: string) => /^y(es)?$/i.test((await io.ask(`${question} [y/N] `))?.trim() ?? "");
const cancelled = (io: RescueIO) => io.write("cancelled; nothing changed");

/** Through the executor when its admin socket answers; directly when it is not running. */
async function preferExecutor<T>(io: RescueIO, viaExecutor: (c: ExecutorClient) => Promise<T>, direct: () => Promise<T>): Promise<{ result: T; via: string }> {
  const socket = agentPaths.adminSocket();
  if (existsSync(socket)) {
    try {
      const late = Symbol("late");
      const r = await within<T | typeof late>(viaExecutor(new ExecutorClient(socket)), 60_000, () => late);
      if (r !== late) return { result: r, via: "through the executor" };
      io.write("the executor did not answer within 60 s; doing it directly");
    } catch (err) {
      if (!(err instanceof SystemError && err.message.startsWith("cannot reach the executor"))) throw err;
      io.write("the executor is not answering; doing it directly");
    }
  }
  return { result: await direct(), via: "directly (no executor running)" };
}

export async function undoLastChange(io: RescueIO, d: RescueDeps): Promise<void> {
  const snap = latestAutoSnapshot();
  if (!snap) { io.write(`nothing to undo: no automatic snapshot in ${setting("snapshot_dir")}\n(tools take one before each change they make)`); return; }
  io.write(describeSnapshot(snap));
  if (!(await confirm(io, "restore it?"))) return cancelled(io);
  const { result: r, via } = await preferExecutor(io, (c) => c.restoreSnapshot(snap.id, d.who),
    () => withApplianceTools((sys) => restoreSnapshot(sys.snapshots, sys.audit, d.who, snap.id)));
  io.write(`restored ${r.id}: ${r.files} file(s)${r.nft ? ", the firewall" : ""}${r.dpkg ? ", package selections" : ""}\n${via}; audited as ${d.who}`);
}

function autonomyNow(): string {
  const file = agentPaths.autonomy();
  return existsSync(file) ? readFileSync(file, "utf8").trim() : `${setting("default_autonomy")} (the default)`;
}

export async function autonomyOff(io: RescueIO, d: RescueDeps): Promise<void> {
  io.write([`autonomy now: ${autonomyNow()}`,
    "off: the agents keep watching and report incidents, but act on nothing",
    "until someone sets it back (/autonomy propose or /autonomy on)."].join("\n"));
  if (!(await confirm(io, "turn autonomy off?"))) return cancelled(io);
  const { result, via } = await preferExecutor(io, (c) => c.setAutonomy("off", d.who), async () => {
    mkdirSync(dirname(agentPaths.autonomy()), { recursive: true });
    const ex = new LocalExecutor({ tools: (policyFor) => openApplianceTools({ policyFor }), agents: () => [], autonomyFile: agentPaths.autonomy() });
    try { return ex.setAutonomy("off", d.who); } finally { ex.close(); }
  });
  io.write(`autonomy: ${result}\n${via}; audited as ${d.who}`);
}

export async function firewallReset(io: RescueIO, d: RescueDeps): Promise<void> {
  const { file, table } = d.firewall;
  if (!existsSync(file)) { io.write(`cannot reset: the default firewall ${file} is missing (is the image intact?)`); return; }
  io.write([`reset the firewall: reload table ${table} exactly as shipped in`, `  ${file}`,
    "  inbound: drop everything but ssh (22), the web console (9090), ping, DHCP;",
    "  ports opened since (with approval) close again; other tables stay as they are."].join("\n"));
  if (!(await confirm(io, "reset the firewall?"))) return cancelled(io);
  const { via } = await preferExecutor(io, (c) => c.resetFirewall(d.who),
    () => withApplianceTools((sys) => resetFirewall(d.runner, sys.audit, d.who, d.firewall)));
  io.write(`firewall reset to ${file}\n${via}; audited as ${d.who}`);
}

export async function restartService(io: RescueIO, d: RescueDeps): Promise<void> {
  const init = await readInit(d.initMs);
  if (!init.ok) { io.write(`init is not answering (${init.why}),\nso no service can be restarted from here: reboot (5) or a shell (6)`); return; }
  const names = init.status.services.map((s) => s.name);
  io.write(["services:", ...wrap(names, "  ")].join("\n"));
  const name = (await io.ask("which one? (empty: cancel) "))?.trim() ?? "";
  if (!name) return cancelled(io);
  if (!names.includes(name)) { io.write(`no service "${name}"; nothing changed`); return; }
  const self = name === process.env.AIOS_SERVICE ? " (this console: it comes back in a moment)" : "";
  io.write(`restart ${name}: init stops it and starts it again${self}`);
  if (!(await confirm(io, `restart ${name}?`))) return cancelled(io);
  await control("POST", `/v1/services/${encodeURIComponent(name)}/restart`);
  io.write(`${name} restarted`);
}

export async function reboot(io: RescueIO, d: RescueDeps): Promise<void> {
  io.write("reboot: init stops every service, syncs the disks and restarts the machine");
  if (!(await confirm(io, "reboot now?"))) return cancelled(io);
  const asked = control("POST", "/v1/system/reboot").then(() => "ok", (err) => errorMessage(err));
  const answer = await within(asked, 5000, () => "no answer within 5 s");
  if (answer === "ok") { io.write("rebooting..."); return; }
  io.write([`init does not answer (${answer}).`,
    "The last resort is `reboot -f`: the disks are synced, then the kernel restarts",
    "at once; services are not stopped, so anything they had not written is lost."].join("\n"));
  if (!(await confirm(io, "force the reboot?"))) return cancelled(io);
  await d.runner.run(["sync"], { check: false, timeoutMs: 60_000 });
  io.write("rebooting (forced)...");
  await d.runner.run(["reboot", "-f"], { timeoutMs: 30_000 });
}
