// The real aiosctl, run as a person runs it (a child process from source), against a real aios init,
// a real nft ruleset (the shipped default table in a network namespace of its own) and a private apt
// root fed by the local repository fixture: exit codes, --json output, approvals and the lock-out guard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import type { InitUnderTest } from "../init/fixture.ts";
import { bun, envOf, repo, startAppliance } from "../appliance-policy/fixture.ts";
import { type AptWorld, aptMissing, aptWorld } from "../../fixtures/apt-root.ts";
import { addNetns, canNetns, delNetns, findNft, nsNft } from "../tools/netns.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { IncidentStore } from "../../../agents/incidents/store.ts";

const nft = findNft();
const noFirewall = nft === null ? "nft not found (run tests/integration/tools/fetch-nft.sh or set AIOS_NFT)" : canNetns();
const noApt = aptMissing();
for (const [what, why] of [["firewall", noFirewall], ["packages", noApt]]) if (why) console.warn(`aiosctl ${what} tests skipped: ${why}`);

let init: InitUnderTest;
let env: Record<string, string>;
beforeAll(async () => {
  init = await startAppliance();
  env = envOf(init);
});
afterAll(async () => { await init?.stop(); });

/** aiosctl as a child process; `netns` runs it inside that network namespace (its nft is that ruleset). */
async function aiosctl(args: string[], o: { netns?: string; env?: Record<string, string> } = {}) {
  const argv = [bun, `${repo}/consoles/aiosctl/aiosctl.ts`, ...args];
  const p = Bun.spawn(o.netns ? ["ip", "netns", "exec", o.netns, ...argv] : argv, { env: { ...env, ...o.env }, stdio: ["ignore", "pipe", "pipe"] });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { stdout, stderr, code };
}
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe("aiosctl: usage and exit codes", () => {
  it("exits 2 for an unknown verb or flag and names the nearest, as text and as JSON", async () => {
    const verb = await aiosctl(["firewal", "list"]);
    expect(verb).toMatchObject({ code: 2, stdout: "" });
    expect(verb.stderr).toContain('unknown verb "firewal"\nhint: did you mean "firewall"?');
    const flag = await aiosctl(["packages", "list", "--jsno", "--json"]);
    expect(flag.code).toBe(2);
    expect(json(flag)).toMatchObject({ error: "unknown flag --jsno for aiosctl packages list", hint: expect.stringContaining("did you mean --json?"), code: 2 });
  });

  it("exits 4 for a service that does not exist, 3 for one that is not running, with a JSON error under --json", async () => {
    const missing = await aiosctl(["status", "nosuch", "--json"]);
    expect(missing.code).toBe(4);
    expect(json(missing)).toEqual({ error: 'no such service "nosuch"', hint: expect.anything(), code: 4 });
    expect(missing.stderr).toContain('no such service "nosuch"');
    expect((await aiosctl(["restart", "nosuch"])).code).toBe(4);
    await aiosctl(["stop", "alpha"]);
    expect((await aiosctl(["status", "alpha"])).code).toBe(3);
    await aiosctl(["start", "alpha"]);
  });

  it("prints its completion scripts from the same tree", async () => {
    const bash = await aiosctl(["completion", "bash"]);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toMatch(/"firewall"\) words="list open close reset" ;;/);
    expect(bash.stdout).toMatch(/"packages install"\) words="--json" ;;/);
    expect((await aiosctl(["completion", "zsh"])).stdout).toMatch(/^#compdef aiosctl/);
    expect((await aiosctl(["completion", "fish"])).code).toBe(2);
  });
});

describe("aiosctl incidents, goals and jobs (the agents' database; no agent host running)", () => {
  let id = 0;
  const agentsEnv = () => ({ env: { AIOS_AGENT_SOCKET: `${init.dir}/no-host.sock` } });
  beforeAll(() => {
    mkdirSync(`${init.dir}/agents`, { recursive: true });
    const db = openDatabase(`${init.dir}/agents/agents.db`);
    id = new IncidentStore(db).open({ kind: "disk.filling", key: "disk.filling:/var", severity: "warning", summary: "the state disk is filling", evidence: ["92% used"], facts: {} }, "monitor").id;
    db.close();
  });

  it("lists incidents (the default verb) and shows one, by incidents show and by incident", async () => {
    const list = await aiosctl(["incidents", "--open", "--json"], agentsEnv());
    expect(list.code).toBe(0);
    expect(json(list).incidents).toEqual([expect.objectContaining({ id, kind: "disk.filling", state: "open" })]);
    expect(json(await aiosctl(["incidents", "list", "-n", "5", "--json"], agentsEnv())).incidents).toHaveLength(1);
    const show = await aiosctl(["incidents", "show", String(id), "--json"], agentsEnv());
    expect(json(show)).toMatchObject({ id, summary: "the state disk is filling", evidence: ["92% used"] });
    expect((await aiosctl(["incident", String(id)], agentsEnv())).stdout).toContain("the state disk is filling");
  });

  it("exits 4 for an incident that does not exist, 2 for a bare number, 1 when the agent host is down", async () => {
    const none = await aiosctl(["incidents", "show", "999", "--json"], agentsEnv());
    expect(none.code).toBe(4);
    expect(json(none)).toMatchObject({ error: "no incident 999", code: 4 });
    expect(await aiosctl(["incidents", String(id)], agentsEnv())).toMatchObject({ code: 2, stderr: expect.stringContaining(`did you mean "show ${id}"?`) });
    const goals = await aiosctl(["goals", "--json"], agentsEnv());
    expect(goals.code).toBe(1);
    expect(json(goals)).toMatchObject({ error: expect.stringContaining("cannot reach the agent host"), hint: expect.stringContaining("aiosctl status agents"), code: 1 });
    expect(json(await aiosctl(["jobs", "--json"], agentsEnv()))).toEqual({ jobs: [] });
  });
});

describe.skipIf(noFirewall !== null)("aiosctl firewall (the shipped table in a network namespace)", () => {
  let ns = "";
  const ruleset = () => nsNft(ns, nft!, ["list", "ruleset"]);
  const fw = (...args: string[]) => aiosctl(["firewall", ...args], { netns: ns });
  beforeAll(() => {
    ns = addNetns("ctl");
    nsNft(ns, nft!, ["-f", "-"], readFileSync(`${repo}/rootfs/etc/aios/firewall.nft`, "utf8"));
  });
  afterAll(() => { if (ns) delNetns(ns); });

  it("lists the live ruleset, as chains and as JSON", async () => {
    const human = await fw("list");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^open: 22\/tcp 68\/udp 9090\/tcp\ninet aios input {2}\(policy drop\)\n {2}iif "lo" accept/);
    const r = await fw("list", "--json");
    expect(r.code).toBe(0);
    expect(json(r).chains).toContainEqual(expect.objectContaining({ table: "inet aios", chain: "input", policy: "drop", rules: expect.arrayContaining(["tcp dport 22 accept"]) }));
    expect(json(r).text).toContain("table inet aios");
    expect(json(r).open).toContainEqual({ port: 9090, proto: "tcp" });
  });

  it("opens and closes a port through approvals, the effects shown first", async () => {
    const open = await fw("open", "8080");
    expect(open.code).toBe(0);
    const id = /queued for approval as (apr-[0-9a-f]{8})/.exec(open.stdout)![1]!;
    expect(open.stdout).toContain("open port 8080/tcp");
    expect(open.stdout).toContain(`aiosctl approve ${id}`);
    expect(ruleset()).not.toContain("dport 8080");
    expect((await aiosctl(["approve", id], { netns: ns })).code).toBe(0);
    expect(ruleset()).toContain("tcp dport 8080 accept");

    const close = await fw("close", "8080/tcp", "--json");
    expect(close.code).toBe(0);
    expect(json(close)).toMatchObject({ status: "pending", effects: expect.arrayContaining([{ kind: "port.close", port: 8080, proto: "tcp" }]) });
    expect((await aiosctl(["approve", json(close).approvalId], { netns: ns })).code).toBe(0);
    expect(ruleset()).not.toContain("dport 8080");
  });

  it("refuses closing ssh or the web console, whoever asks, with the guard's reason", async () => {
    const ssh = await fw("close", "22");
    expect(ssh.code).toBe(1);
    expect(ssh.stderr).toContain("lock-out guard: would cut off ssh: port 22/tcp becomes unreachable");
    expect(ssh.stderr).toContain("hint: the lock-out guard keeps ssh (22/tcp) and the web console (9090/tcp) reachable");
    const web = await fw("close", "9090", "--json");
    expect(web.code).toBe(1);
    expect(json(web)).toMatchObject({ error: expect.stringContaining("would cut off the web console"), code: 1 });
    expect(ruleset()).toContain("tcp dport 22 accept");
    expect(ruleset()).toContain("tcp dport 9090 accept");
  });

  it("refuses a bad port as usage, says when a port is already so, and resets (nothing to do when in place)", async () => {
    expect(await fw("open", "70000")).toMatchObject({ code: 2, stderr: expect.stringContaining('"70000" is not a port') });
    expect(await fw("open", "22")).toMatchObject({ code: 0, stdout: "port 22/tcp is already open: nothing to do\n" });
    expect(json(await fw("close", "8081/udp", "--json"))).toEqual({ status: "unchanged", reason: "port 8081/udp is already closed: nothing to do" });
    const reset = await fw("reset");
    expect(reset).toMatchObject({ code: 0, stdout: "inet aios is already the default (policy drop): nothing to do\n" });
  });
});

describe.skipIf(noApt !== null)("aiosctl packages (a private apt root from the local repository)", () => {
  let w: AptWorld;
  let aptEnv: Record<string, string>;
  const pkg = (...args: string[]) => aiosctl(["packages", ...args], { env: aptEnv });
  beforeAll(() => {
    w = aptWorld();
    w.add({ name: "aiost-app", version: "1.0", depends: "aiost-lib", description: "an aiOS test application" });
    w.add({ name: "aiost-lib", version: "1.0", description: "an aiOS test library" });
    w.reindex();
    w.aptGet(["install", "aiost-lib"]);
    w.add({ name: "aiost-lib", version: "1.1", suite: "security" });
    w.reindex();
    // The appliance reads apt's and dpkg's options from its settings: here, the private root's.
    aptEnv = { AIOS_APT_OPTIONS: w.aptOptions.filter((_, i) => i % 2 === 1).join(","), AIOS_DPKG_OPTIONS: w.dpkgOptions.join(",") };
  });
  afterAll(() => { if (w) rmSync(w.dir, { recursive: true, force: true }); });

  it("lists what is installed and what an upgrade would bring, security marked", async () => {
    const list = await pkg("list", "--json");
    expect(list.code).toBe(0);
    expect(json(list).packages).toEqual([{ name: "aiost-lib", version: "1.0", state: "installed" }]);
    expect((await pkg("list")).stdout).toMatch(/^aiost-lib {2}1\.0/);
    const up = await pkg("upgradable", "--json");
    expect(json(up)).toEqual({ upgradable: [{ name: "aiost-lib", from: "1.0", to: "1.1", security: true }], security: 1 });
  });

  it("searches apt's lists", async () => {
    const r = await pkg("search", "aiost", "--json");
    expect(r.code).toBe(0);
    expect(json(r).packages.map((p: { name: string }) => p.name).sort()).toEqual(["aiost-app", "aiost-lib"]);
    expect((await pkg("search", "aiost")).stdout).toContain("aiost-app - an aiOS test application");
  });

  it("queues an install for approval (id and how to approve it), which then installs", async () => {
    const r = await pkg("install", "aiost-app", "--json");
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out).toMatchObject({ status: "pending", approvalId: expect.stringMatching(/^apr-/), effects: [{ kind: "package.install", name: "aiost-app", version: "1.0" }] });
    const human = await pkg("install", "aiost-app");
    expect(human.stdout).toMatch(/queued for approval as apr-[0-9a-f]{8}[^]*approve with `aiosctl approve apr-/);
    expect((await aiosctl(["approve", out.approvalId], { env: aptEnv })).code).toBe(0);
    expect(w.installed()).toMatchObject({ "aiost-app": "1.0" });
    expect(await pkg("install", "aiost-app")).toMatchObject({ code: 0, stdout: "nothing to change: apt has nothing to do\n" });
  });

  it("exits 4 for a package apt does not know and 5 for removing one that is not installed", async () => {
    const unknown = await pkg("install", "aiost-nope", "--json");
    expect(unknown.code).toBe(4);
    expect(json(unknown)).toMatchObject({ error: expect.stringContaining("Unable to locate package aiost-nope"), hint: expect.stringContaining("aiosctl packages search"), code: 4 });
    const absent = await pkg("remove", "aiost-nope");
    expect(absent).toMatchObject({ code: 5, stderr: expect.stringContaining("not installed: aiost-nope") });
  });
});
