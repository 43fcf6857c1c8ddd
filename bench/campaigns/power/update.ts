// The update workload: one `aiosctl update` of a signed bundle made from the last build
// (tests/fixtures/update-bundles.ts), cut at a random moment. After the cut, the system that ran
// before boots — unless the update was acknowledged (its trial armed), and then the new slot boots and
// commits itself once healthy ("aios ready" waits for that). The next update goes into the other slot.
import { out, repo, ssh } from "../../../tests/boot/helpers.ts";
import { makeBundle } from "../../../build/steps/update.ts";
import { makeContext } from "../../../build/context.ts";
import { loadSettings } from "../../../build/settings.ts";
import type { Acks } from "./campaign.ts";

export const BUNDLE = "/var/lib/aios/power.update";

export interface UpdateState { running: string; committed: string; previous: string; trial: string; version: string; slots: { slot: string; version: string | null }[]; events: { at: number; kind: string; system: string; why: string }[] }

/** A good bundle with its own version, copied onto the state disk (once per disk). */
export async function setupUpdate(dir: string, sshPort: number): Promise<string> {
  const version = `power-${Date.now().toString(36)}`;
  makeBundle(makeContext(loadSettings(), repo), { version, out: `${dir}/power.update` });
  const p = Bun.spawn(["scp", "-q", "-i", `${out}/ssh/aios_ed25519`, "-P", String(sshPort), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
    "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", `${dir}/power.update`, `root@127.0.0.1:${BUNDLE}`], { stdio: ["ignore", "ignore", "pipe"] });
  if ((await p.exited) !== 0) throw new Error(`scp of the update bundle failed: ${await new Response(p.stderr).text()}`);
  // A trial that cannot get healthy falls back after 150 s of its boot, not 5 minutes: each costs the
  // campaign a boot either way (a healthy trial commits ~60 s after boot under TCG).
  const r = await ssh(sshPort, "aiosctl config set update.commit_deadline 150s && sync");
  if (r.code !== 0) throw new Error(`aiosctl config set update.commit_deadline: ${r.stderr}`);
  return version;
}

export async function updateState(sshPort: number): Promise<UpdateState> {
  const r = await ssh(sshPort, "aiosctl update status --json");
  try { return JSON.parse(r.stdout) as UpdateState; } catch { throw new Error(`aiosctl update status: ${r.stdout}${r.stderr}`); }
}

export interface UpdateCheck { lost: string[]; notes: string[]; after: UpdateState }

export async function checkUpdate(sshPort: number, before: UpdateState, acks: Acks): Promise<UpdateCheck> {
  const after = await updateState(sshPort);
  const lost: string[] = [];
  const notes: string[] = [];
  const armed = acks.update?.[0];
  const was = `ran ${before.running} (committed ${before.committed})`;
  const newer = after.events.filter((e) => e.system === armed && e.kind === "unhealthy" && !before.events.some((b) => b.at >= e.at));
  if (armed && after.running !== armed && newer.length) {
    // The trial booted and was judged unhealthy: it fell back on its own, as designed; the why is the health check's.
    notes.push(`acknowledged update: slot ${armed} booted, was not healthy in time and fell back to ${after.running} (${newer[0]!.why.slice(0, 140)})`);
  } else if (armed) {
    if (after.running !== armed) lost.push(`acknowledged update to slot ${armed}, but ${after.running} booted (${was})`);
    else if (after.committed !== armed) lost.push(`slot ${armed} booted but did not commit (committed: ${after.committed}, trial: ${after.trial || "none"})`);
    else notes.push(`acknowledged update: slot ${armed} booted and committed (${after.version})`);
  } else if (after.running === before.running) {
    if (after.trial) lost.push(`unacknowledged update left slot ${after.trial} armed after booting ${after.running}`);
    else notes.push(`update cut before its ACK: ${after.running} booted again, as before`);
  } else if (after.committed === after.running && after.running !== "factory") {
    // Armed on disk in the instant before aiosctl's answer reached the host: the in-flight write landed.
    notes.push(`update in flight at the cut landed: slot ${after.running} booted and committed`);
  } else lost.push(`${after.running} booted after an unacknowledged update (${was}; committed now ${after.committed})`);
  if (after.running !== after.committed) lost.push(`running ${after.running} is not the committed system ${after.committed}`);
  return { lost, notes, after };
}
