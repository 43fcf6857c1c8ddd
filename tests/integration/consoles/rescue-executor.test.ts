// The rescue choices when the executor runs: undo, autonomy off and the firewall reset go through its
// admin socket (the real routes on a real unix socket), audited as the person; nft runs dry here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalExecutor } from "../../../agents/host/executor/local.ts";
import { adminApp, serveOn } from "../../../agents/host/executor/server.ts";
import { DryRunner } from "../../../runtime/proc/exec.ts";
import { openToolSystem } from "../../../tools/index.ts";
import { DEFAULT_FIREWALL } from "../../../tools/firewall/restore.ts";
import { autonomyOff, firewallReset, type RescueDeps, type RescueIO, undoLastChange } from "../../../consoles/serial/rescue/actions.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-rescue-ex-"));
const file = join(dir, "app.conf");
const runner = new DryRunner();
const saved = { ...process.env };
const ENV = { AIOS_STATE_DIR: dir, AIOS_RUN_DIR: join(dir, "run"), AIOS_CONFIG_DIR: join(dir, "etc"), AIOS_EXECUTOR_ADMIN_SOCKET: join(dir, "admin.sock"), AIOS_CONTROL: join(dir, "no-init.sock") };
let ex: LocalExecutor;
let server: ReturnType<typeof serveOn>;

beforeAll(() => {
  Object.assign(process.env, ENV);
  ex = new LocalExecutor({
    tools: (policyFor) => openToolSystem({ dbPath: join(dir, "aios.db"), snapshotDir: join(dir, "snapshots"), policyFor, runner, services: { list: async () => [], control: async () => ({}) } as never, settleMs: 0 }),
    agents: () => [], autonomyFile: join(dir, "autonomy"),
  });
  server = serveOn(adminApp(ex, () => false), ENV.AIOS_EXECUTOR_ADMIN_SOCKET, 0o600);
});
afterAll(() => {
  server?.stop(true);
  ex?.close();
  for (const k of Object.keys(ENV)) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
  rmSync(dir, { recursive: true, force: true });
});

function person(answers: string[]) {
  const out: string[] = [];
  const io: RescueIO = { write: (t) => out.push(t), ask: async (q) => { out.push(q); return answers.shift(); } };
  return { io, text: () => out.join("\n") };
}
const deps = (): RescueDeps => ({ runner: new DryRunner(), who: "user:ann@serial", initMs: 500, firewall: { file, table: "inet aios" } });
const last = () => ex.sys.audit.tail(1)[0];

describe("rescue through the executor", () => {
  it("undoes the last change", async () => {
    writeFileSync(file, "before\n");
    const snap = await ex.sys.snapshots.create("files.write app.conf", { files: [file], nft: false, dpkg: false }, true);
    writeFileSync(file, "after\n");
    const p = person(["y"]);
    await undoLastChange(p.io, deps());
    expect(p.text()).toContain(`restored ${snap.id}: 1 file(s)\nthrough the executor; audited as user:ann@serial`);
    expect(readFileSync(file, "utf8")).toBe("before\n");
    expect(last()).toMatchObject({ kind: "snapshot.restore", actor: "user:ann@serial", subject: snap.id });
  });

  it("turns autonomy off", async () => {
    const p = person(["y"]);
    await autonomyOff(p.io, deps());
    expect(p.text()).toContain("autonomy: off\nthrough the executor");
    expect(ex.readAutonomy()).toBe("off");
    expect(last()).toMatchObject({ kind: "config.change", actor: "user:ann@serial", subject: "autonomy" });
  });

  it("resets the firewall with the executor's runner", async () => {
    const p = person(["y"]);
    await firewallReset(p.io, deps());
    expect(p.text()).toContain("through the executor; audited as user:ann@serial");
    expect(runner.calls.slice(-2)).toEqual([["nft", "-c", "-f", DEFAULT_FIREWALL.file], ["nft", "-f", DEFAULT_FIREWALL.file]]);
    expect(last()).toMatchObject({ kind: "firewall.reset", actor: "user:ann@serial" });
    expect(ex.sys.audit.verify().ok).toBe(true);
  });
});
