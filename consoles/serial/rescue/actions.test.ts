// The choices that must never run for real here (nft, reboot -f) run against a dry runner.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withAuditReadonly } from "../../../runtime/audit/read.ts";
import { DryRunner } from "../../../runtime/proc/exec.ts";
import { firewallReset, reboot, restartService, type RescueDeps, type RescueIO } from "./actions.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-rescue-actions-"));
const saved = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, { AIOS_STATE_DIR: dir, AIOS_RUN_DIR: join(dir, "run"), AIOS_CONFIG_DIR: join(dir, "etc"), AIOS_CONTROL: join(dir, "no-init.sock") });
});
afterAll(() => {
  for (const k of ["AIOS_STATE_DIR", "AIOS_RUN_DIR", "AIOS_CONFIG_DIR", "AIOS_CONTROL"]) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
  rmSync(dir, { recursive: true, force: true });
});

/** A person who answers from a script; the transcript is what the console printed. */
function person(answers: string[]) {
  const out: string[] = [];
  const io: RescueIO = { write: (t) => out.push(t), ask: async (q) => { out.push(q); return answers.shift(); } };
  return { io, text: () => out.join("\n") };
}

const deps = (runner: DryRunner): RescueDeps => ({ runner, who: "user:root@serial", initMs: 500, firewall: { file: join(dir, "firewall.nft"), table: "inet aios" } });

describe("rescue actions", () => {
  it("reboot: says init is not answering, explains reboot -f and runs it only after a second yes", async () => {
    const runner = new DryRunner();
    const no = person(["y", "n"]);
    await reboot(no.io, deps(runner));
    expect(no.text()).toContain("init does not answer");
    expect(no.text()).toContain("The last resort is `reboot -f`");
    expect(runner.calls).toEqual([]);
    const yes = person(["y", "y"]);
    await reboot(yes.io, deps(runner));
    expect(runner.calls).toEqual([["sync"], ["reboot", "-f"]]);
    const cancel = person([""]);
    await reboot(cancel.io, deps(runner));
    expect(cancel.text()).toContain("cancelled; nothing changed");
    expect(runner.calls).toHaveLength(2);
  });

  it("firewall reset: explains, checks the file, loads it and audits the person (no executor: directly)", async () => {
    const runner = new DryRunner();
    const missing = person([]);
    await firewallReset(missing.io, deps(runner));
    expect(missing.text()).toContain("is missing");
    writeFileSync(join(dir, "firewall.nft"), "table inet aios\ndelete table inet aios\ntable inet aios {}\n");
    const declined = person(["n"]);
    await firewallReset(declined.io, deps(runner));
    expect(declined.text()).toContain("reload table inet aios exactly as shipped");
    expect(runner.calls).toEqual([]);
    const yes = person(["y"]);
    await firewallReset(yes.io, deps(runner));
    expect(runner.calls).toEqual([["nft", "-c", "-f", join(dir, "firewall.nft")], ["nft", "-f", join(dir, "firewall.nft")]]);
    expect(yes.text()).toContain("directly (no executor running); audited as user:root@serial");
    const last = withAuditReadonly((log) => log.tail(1), [], join(dir, "audit.db"))[0];
    expect(last).toMatchObject({ kind: "firewall.reset", actor: "user:root@serial", subject: "inet aios" });
    expect(withAuditReadonly((log) => log.verify(), undefined, join(dir, "audit.db"))).toMatchObject({ ok: true });
  });

  it("restart: says it needs init when init is gone", async () => {
    const p = person([]);
    await restartService(p.io, deps(new DryRunner()));
    expect(p.text()).toContain("no service can be restarted from here");
    expect(existsSync(join(dir, "no-init.sock"))).toBe(false);
  });
});
