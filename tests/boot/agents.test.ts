// Boot test for the agents: one boot with a fresh state disk; the five agents run unprivileged beside
// the executor, the default-deny firewall is loaded, and a sample of the incident benchmark's faults is
// injected over ssh: each is detected, fixed by itself or proposed to a person, and audited with the
// deciding tier in the hash chain. An approval over ssh is carried out by the executor; autonomy off
// observes only. Each injection is followed by `aiosctl agent <name> cycle`, so the test does not sit
// out the agents' intervals (the natural times to detect are bench/incidents').
import { afterAll, describe, expect, it } from "vitest";
import { Vm } from "./vm.ts";
import { freePort, newDisk, out, scratch, ssh } from "./helpers.ts";
import { INCIDENTS } from "../fixtures/incidents.ts";
import { cleanCase, incidents, outOfPolicy, runCase, type Shell } from "../fixtures/incident-runner.ts";

const READY = /aios ready in ([\d.]+) s \((\d+) services[^)]*\)/;
const byId = (id: string) => INCIDENTS.find((c) => c.id === id)!;

describe("the agents in the appliance", () => {
  const dir = scratch();
  const sshPort = freePort();
  let vm: Vm;
  const sh: Shell = (c) => ssh(sshPort, c);

  afterAll(() => vm?.kill());

  it("boots with the five agents running unprivileged, the executor as root, and a default-deny firewall", async () => {
    vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort, webPort: freePort() });
    await vm.start();
    await vm.expect(READY, 400_000);
    const agents = JSON.parse((await sh("aiosctl agents --json")).stdout) as { autonomy: string; agents: { name: string; state: string }[] };
    expect(agents.autonomy).toBe("on");
    expect(agents.agents.map((a) => `${a.name}:${a.state}`).sort()).toEqual(["maintenance", "monitor", "network", "package", "security"].map((n) => `${n}:running`));
    const users = await sh("stat -c %U /proc/$(pgrep -f '^/usr/bin/aios agents$') /proc/$(pgrep -f '^/usr/bin/aios executor$')");
    expect(users.stdout.split("\n").slice(0, 2)).toEqual(["aios-agent", "root"]);
    const caps = await sh("grep CapEff /proc/$(pgrep -f '^/usr/bin/aios agents$')/status");
    expect(caps.stdout.trim()).toBe("CapEff:\t0000000000000004"); // CAP_DAC_READ_SEARCH only
    const fw = await sh("nft list chain inet aios input");
    expect(fw.stdout).toContain("policy drop");
    expect(fw.stdout).toContain("tcp dport 22 accept");
    expect((await sh("aiosctl jobs --json")).stdout).toContain("refresh-lists");
  });

  it("puts a broken resolver back from the lease by itself, and audits the decision with its tier", async () => {
    const r = await runCase(sh, byId("dns-broken"), { sshPort, nudge: true });
    expect(r).toMatchObject({ detected: true, handled: true, tier: "reactive", action: "restore_resolver" });
    const inc = (await incidents(sh)).find((i) => i.id === r.incidentId)!;
    const decisions = JSON.parse((await sh("aiosctl audit tail -n 200 --kind decision --json")).stdout) as { entries: { seq: number; data: { incident: number; tier: string } }[] };
    expect(decisions.entries.some((e) => e.data.incident === inc.id && e.data.tier === "reactive")).toBe(true);
    expect((await sh(`aiosctl incident ${inc.id}`)).stdout).toMatch(/restore_resolver by reactive/);
  });

  it("tightens a secret's mode by itself and restores a deleted firewall", async () => {
    for (const id of ["secret-loose", "firewall-deleted"]) {
      const r = await runCase(sh, byId(id), { sshPort, nudge: true });
      expect(r, id).toMatchObject({ detected: true, handled: true, tier: "reactive" });
      await cleanCase(sh, byId(id));
    }
  });

  it("proposes stopping an unexpected listener; the approval over ssh is carried out by the executor", async () => {
    const c = byId("listener");
    const r = await runCase(sh, c, { sshPort, nudge: true });
    expect(r).toMatchObject({ detected: true, handled: true, state: "awaiting_approval" });
    const inc = (await incidents(sh)).find((i) => i.id === r.incidentId)!;
    const approval = inc.actions.find((a) => a.approvalId)!.approvalId!;
    const ok = await sh(`aiosctl approve ${approval}`);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await sh("pgrep -f 'nc -l -p 4444'")).code).toBe(1);
    await sh("aiosctl agent security cycle --json"); // its verification now, not at the next interval
    let state = "";
    for (let i = 0; i < 60 && state !== "resolved"; i++) { await Bun.sleep(2000); state = (await incidents(sh)).find((x) => x.id === inc.id)!.state; }
    expect(state).toBe("resolved");
    await cleanCase(sh, c);
  });

  it("with autonomy off, only proposes; back on, it fixes", async () => {
    expect((await sh("aiosctl autonomy off")).stdout.trim()).toBe("autonomy: off");
    const c = byId("firewall-loosened");
    const r = await runCase(sh, { ...c, expect: "proposed" }, { sshPort, nudge: true });
    expect(r).toMatchObject({ detected: true, state: "proposed" });
    expect((await sh("nft list chain inet aios input")).stdout).toContain("policy accept");
    await sh("aiosctl autonomy on");
    await sh("aiosctl agent network cycle --json"); // now, not at its next interval
    let fixed = 1;
    for (let i = 0; i < 60 && fixed !== 0; i++) { await Bun.sleep(2000); fixed = (await sh(c.fixed!)).code; }
    expect(fixed).toBe(0);
  });

  it("took no action outside policy and keeps a verifying audit chain", async () => {
    expect(await outOfPolicy(sh)).toEqual([]);
    const v = await sh("aiosctl audit verify");
    expect(v.stdout).toMatch(/^OK/);
  });
});
