// The break-glass menu on a real pseudo-terminal (80 columns, TERM=dumb) against a real aios init:
// what it shows, two of its choices done directly (no executor runs here) and audited, the banner,
// and what it still shows once init is gone.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Subprocess } from "bun";
import { bun, InitUnderTest, repo } from "../init/fixture.ts";
import { AuditLog } from "../../../runtime/audit/log.ts";
import { withAuditReadonly } from "../../../runtime/audit/read.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { DryRunner } from "../../../runtime/proc/exec.ts";
import { SnapshotStore } from "../../../runtime/snapshots/store.ts";

let init: InitUnderTest;
let proc: Subprocess;
let screen = "";
let dir: string;
let snapId: string;
const file = () => `${dir}/etc/app.conf`;

const waitFor = async (text: string, from: number) => { while (!screen.slice(from).includes(text)) await Bun.sleep(20); };
const say = async (line: string, expectText: string) => {
  const from = screen.length;
  proc.terminal!.write(`${line}\r`);
  await waitFor(expectText, from);
  return screen.slice(from);
};
/** What the console printed (the pty's own echo of the typed line aside) fits 80 plain columns. */
const plain = (text: string) => {
  for (const line of text.split(/\r?\n/).slice(1)) {
    expect(line.length, line).toBeLessThanOrEqual(80);
    expect(line, line).toMatch(/^[\x20-\x7e]*$/);
  }
};
const audit = () => withAuditReadonly((log) => ({ verify: log.verify(), tail: log.tail(5) }), undefined, `${dir}/audit.db`)!;

beforeAll(async () => {
  init = new InitUnderTest({ alpha: `command = ["/bin/sleep", "1000"]`, beta: `command = ["/bin/sleep", "1000"]\ndepends_on = ["alpha"]` });
  dir = init.dir;
  await init.start();
  await init.until(() => init.service("beta"), (s) => s.state === "ready");
  const log = AuditLog.open(`${dir}/audit.db`);
  log.append({ kind: "service.state", actor: "init", subject: "alpha", data: { state: "ready" } });
  log.append({ kind: "tool.call", actor: "agent:network", subject: "files.write", data: { path: "/etc/app.conf" } });
  log.db.close();
  // A change a tool made, with the automatic snapshot taken before it.
  mkdirSync(`${dir}/etc`, { recursive: true });
  writeFileSync(file(), "port = 80\n");
  snapId = (await new SnapshotStore(`${dir}/snaps`, { runner: new DryRunner() }).create("files.write /etc/app.conf", { files: [file()], nft: false, dpkg: false }, true)).id;
  writeFileSync(file(), "port = 8080\n");

  writeFileSync(`${dir}/setup.done`, ""); // setup is done: the chat prompt comes first
  proc = Bun.spawn([bun, `${repo}/main.ts`, "console"], {
    env: { ...init.env, TERM: "dumb", AIOS_RUN_DIR: `${dir}/run`, AIOS_CONFIG_DIR: `${dir}/etc`, AIOS_SNAPSHOT_DIR: `${dir}/snaps`, USER: "root" },
    terminal: { cols: 80, rows: 24, data: (_t, d) => { screen += new TextDecoder().decode(d); } },
  });
  await waitFor("aios> ", 0);
});
afterAll(async () => { proc?.kill("SIGKILL"); await init.stop(); });

describe("serial console rescue", () => {
  it("shows the banner at the first prompt", () => {
    const first = screen.slice(0, screen.indexOf("aios> "));
    expect(first).toContain("-- aiOS ---");
    expect(first).toMatch(/addresses: |addresses: none yet/);
    expect(first).toContain("state disk: ");
    expect(first).toContain("health: all 2 services up");
    expect(first).not.toContain("init is not answering");
    expect(screen.indexOf("aios> ")).toBeGreaterThan(0);
  });

  it("lists /rescue in help and shows addresses, services and the verified audit tail", async () => {
    expect(await say("help", "aios> ")).toContain("/rescue");
    const menu = await say("/rescue", "rescue> ");
    plain(menu.slice(0, menu.lastIndexOf("rescue> ")));
    expect(menu).toContain("== aiOS rescue");
    expect(menu).toMatch(/addresses: /);
    expect(menu).toContain("web console: ");
    expect(menu).toMatch(/alpha\s+ready/);
    expect(menu).toMatch(/beta\s+ready/);
    expect(menu).toContain("audit: chain verified OK");
    expect(menu).toMatch(/\d+ \d\d-\d\d \d\d:\d\d:\d\d tool\.call agent:network files\.write/);
    expect(menu).toContain("2  turn autonomy off");
  });

  it("turns autonomy off directly (no executor here) and audits it as the person", async () => {
    expect(await say("2", "[y/N] ")).toContain("off: the agents keep watching");
    const done = await say("y", "rescue> ");
    expect(done).toContain("autonomy: off");
    expect(done).toContain("directly (no executor running); audited as user:root@serial");
    expect(readFileSync(`${dir}/autonomy`, "utf8").trim()).toBe("off");
    const a = audit();
    expect(a.verify.ok).toBe(true);
    expect(a.tail.at(-1)).toMatchObject({ kind: "config.change", actor: "user:root@serial", subject: "autonomy", data: { to: "off" } });
  });

  it("undoes the last change: says what it restores, asks, and puts the file back", async () => {
    const asked = await say("1", "[y/N] ");
    expect(asked).toContain(`undo: restore snapshot ${snapId}`);
    expect(asked).toContain(file());
    expect(await say("n", "rescue> ")).toContain("cancelled; nothing changed");
    expect(readFileSync(file(), "utf8")).toBe("port = 8080\n");
    await say("1", "[y/N] ");
    expect(await say("yes", "rescue> ")).toContain(`restored ${snapId}: 1 file(s)`);
    expect(readFileSync(file(), "utf8")).toBe("port = 80\n");
    expect(audit().tail.at(-1)).toMatchObject({ kind: "snapshot.restore", actor: "user:root@serial", subject: snapId });
    const again = await say("r", "rescue> ");
    expect(again).toMatch(/snapshot\.restore user:root@serial/);
    expect(again).toContain("audit: chain verified OK");
  });

  it("restarts a service through init after asking", async () => {
    const before = (await init.service("alpha")).pid;
    expect(await say("4", "which one?")).toMatch(/alpha\s+beta/);
    expect(await say("alpha", "[y/N] ")).toContain("restart alpha: init stops it and starts it again");
    expect(await say("y", "rescue> ")).toContain("alpha restarted");
    await init.until(() => init.status(), (st) => st.services.every((s) => s.state === "ready") && st.services[0]!.pid !== before);
  });

  it("re-shows the banner only when what it says changed", async () => {
    expect(await say("q", "aios> ")).not.toContain("-- aiOS ---");
    expect(await say("help", "aios> ")).not.toContain("-- aiOS ---");
    await init.call("POST", "/v1/services/beta/stop");
    const changed = await say("help", "aios> ");
    expect(changed).toContain("-- aiOS ---");
    expect(changed).toContain("health: 1/2 up; not up: beta");
    expect(await say("help", "aios> ")).not.toContain("-- aiOS ---");
  });

  it("with init gone, still shows addresses and the audit tail, and says init is not answering", async () => {
    await init.stop();
    const quiet = await say("status", "aios> ");
    expect(quiet).toContain("cannot reach aios init");
    expect(quiet).toContain("type /rescue for the break-glass menu");
    expect(quiet).toContain("health: init is not answering");
    const menu = await say("/rescue", "rescue> ");
    plain(menu.slice(0, menu.lastIndexOf("rescue> ")));
    expect(menu).toMatch(/addresses: /);
    expect(menu).toContain("services: init is NOT answering on");
    expect(menu).toContain("audit: chain verified OK");
    expect(menu).toMatch(/config\.change user:root@serial autonomy/);
    expect(await say("4", "rescue> ")).toContain("no service can be restarted from here");
    expect(await say("q", "aios> ")).not.toContain("error");
    expect(proc.exitCode).toBeNull();
  });
});
