// aiosctl update <file|url> [--reboot] (the same as `update apply`), update status|commit|rollback;
// registered in ../tree.ts. Applying verifies the bundle (signature, then each part's sha256 as it is
// written into the inactive slot) and arms one trial boot; the new system commits itself once healthy
// (runtime/update/boot.ts). A refused bundle is exit 1 with what is wrong; a missing file, exit 4.
// Every change is audited as the person who ran it.
import { defineCommand, type CommandDef } from "citty";
import { mkdirSync, rmSync } from "node:fs";
import { auditOnce } from "../../../runtime/audit/append.ts";
import { control } from "../../../runtime/control/client.ts";
import { SystemError } from "../../../runtime/errors.ts";
import { applyBundle } from "../../../runtime/update/apply.ts";
import { UpdateRefused } from "../../../runtime/update/bundle.ts";
import { bootDir, updatePaths } from "../../../runtime/update/slots.ts";
import { commitRunning, rollbackNow, updateStatus, type UpdateStatus } from "../../../runtime/update/status.ts";
import { personActor } from "../../../tools/appliance.ts";
import { act } from "../fail.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
export const UPDATE_VERBS = ["apply", "status", "commit", "rollback"];

function audit(kind: string, subject: string, data: unknown): void {
  auditOnce({ kind, actor: personActor("aiosctl"), subject, data });
}

async function download(url: string, to: string): Promise<void> {
  let r: Response;
  try { r = await fetch(url); } catch (err) { throw new SystemError(`cannot download ${url}: ${(err as Error).message}`, "check the address, or copy the bundle in with scp and give its path"); }
  if (!r.ok) throw new SystemError(`cannot download ${url}: HTTP ${r.status}`, "check the address");
  await Bun.write(to, r);
}

const apply = defineCommand({
  meta: { name: "apply", description: "verify an update bundle, write it into the inactive slot and arm one trial boot of it (aiosctl update <file|url> is the same)" },
  args: { bundle: { type: "positional", required: true, description: "the bundle: a file (out/aios.update from a build) or an http(s) URL" }, reboot: { type: "boolean", description: "reboot into it now" }, json },
  run: act(async (a: { bundle: string; reboot?: boolean; json?: boolean }) => {
    const p = updatePaths();
    const t0 = performance.now();
    let file = a.bundle;
    if (/^https?:\/\//.test(a.bundle)) {
      mkdirSync(bootDir(p), { recursive: true });
      file = `${bootDir(p)}/download.update`;
      await download(a.bundle, file);
    }
    try {
      const r = await applyBundle(file, p);
      audit("update.apply", r.slot, { version: r.manifest.version, built: r.manifest.built, from: a.bundle });
      const out = { slot: r.slot, version: r.manifest.version, built: r.manifest.built, armed: true, rebooting: !!a.reboot, ms: Math.round(performance.now() - t0) };
      console.log(a.json ? JSON.stringify(out, null, 2) : `${r.manifest.version} written to slot ${r.slot} and armed for one trial boot: reboot to try it (aiosctl reboot); it commits itself once healthy, else the next boot falls back`);
      if (a.reboot) await control("POST", "/v1/system/reboot");
    } catch (err) {
      if (err instanceof UpdateRefused) audit("update.refused", a.bundle, { kind: err.kind, why: err.message });
      throw err;
    } finally {
      if (file !== a.bundle) rmSync(file, { force: true });
    }
  }),
});

const human = (s: UpdateStatus) => [
  `running:   ${s.running} (${s.version})${s.running !== "factory" ? `, image ${s.imageVersion}` : ""}`,
  `committed: ${s.committed}${s.previous ? ` (before it: ${s.previous})` : ""}${s.factory ? "" : "; installed disk: no factory system, a rollback goes to the other slot only"}`,
  `trial:     ${s.trial ? `slot ${s.trial}, ${s.tries} boot(s) left` : "none armed"}`,
  ...s.slots.map((x) => `slot ${x.slot}:    ${x.version ? `${x.version} (built ${x.built})` : "empty"}  ${x.where}`),
  ...(s.carried ? [`carried:   from ${s.carried.from} (${(s.carried.ms / 1000).toFixed(1)} s): ${s.carried.carried.map((x) => `${x.name} ${x.version}`).join(", ") || "no packages"}`,
    ...s.carried.failed.map((f) => `  not carried: ${f.name} ${f.version}: ${f.why}`)] : []),
  ...(s.events.length ? ["events:", ...s.events.map((e) => `  ${new Date(e.at * 1000).toISOString()} ${e.kind} ${e.system}: ${e.why}`)] : []),
].join("\n");

const status = defineCommand({
  meta: { name: "status", description: "the running system and its version, the committed one, an armed trial, each slot's version, recent boot events" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const s = await updateStatus(updatePaths());
    console.log(a.json ? JSON.stringify(s, null, 2) : human(s));
  }),
});

const commit = defineCommand({
  meta: { name: "commit", description: "commit the running trial slot now (the update service does this once the system is healthy)" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const state = commitRunning(updatePaths(), "committed by hand");
    audit("update.commit", state.committed, { why: "aiosctl update commit" });
    console.log(a.json ? JSON.stringify(state, null, 2) : `slot ${state.committed} committed: it boots by default`);
  }),
});

const rollback = defineCommand({
  meta: { name: "rollback", description: "disarm an armed trial, or go back to the previously committed system at the next boot" },
  args: { reboot: { type: "boolean", description: "reboot into it now" }, json },
  run: act(async (a: { reboot?: boolean; json?: boolean }) => {
    const r = rollbackNow(updatePaths());
    audit("update.rollback", r.state.committed, { why: r.what });
    console.log(a.json ? JSON.stringify({ ...r.state, what: r.what, rebooting: !!a.reboot }, null, 2) : `${r.what}${a.reboot ? "; rebooting" : "; it takes effect at the next boot"}`);
    if (a.reboot) await control("POST", "/v1/system/reboot");
  }),
});

const update = defineCommand({
  meta: { name: "update", description: "A/B system updates: update <file|url> applies a bundle; status, commit, rollback" },
  subCommands: { apply, status, commit, rollback },
});

export const updateCommands: Record<string, CommandDef<any>> = { update };
