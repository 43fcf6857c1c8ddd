// The network agent against a real namespace: observe() reads links, routes, the gateway (one real
// ping across a veth pair), the live nft ruleset and files in a temp root; the findings go through
// the rules and a real ToolRegistry with the agent's declared policy. The resolver restore and the
// firewall restore run by themselves in normal mode; opening a port or renaming the host waits.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agent } from "../../../agents/network/index.ts";
import { type AgentContext, type Finding, factsOf } from "../../../agents/loop/types.ts";
import type { NetObs } from "../../../agents/network/types.ts";
import { firewallTools } from "../../../tools/firewall/index.ts";
import { networkTools } from "../../../tools/network/index.ts";
import { type Harness, harness, policy } from "../tools/harness.ts";
import { canNetns, findNft, nsNft } from "../tools/netns.ts";
import { makePair, netnsRunner, type Pair } from "../tools/pair.ts";

const nft = findNft();
const skip = nft === null ? "nft not found" : canNetns();
const RULESET = new URL("../../../rootfs/etc/aios/firewall.nft", import.meta.url).pathname;
const DECL = parse(readFileSync(new URL("../../../image/agents/network.toml", import.meta.url), "utf8")) as { policy: { mode: "normal"; capabilities: string[] } };

describe.skipIf(skip !== null)("network agent on a real namespace", () => {
  let p: Pair, root = "", h: Harness;
  const put = (path: string, text: string) => { mkdirSync(dirname(join(root, path)), { recursive: true }); writeFileSync(join(root, path), text); };
  const memo = new Map<string, unknown>();
  const ctx = (): AgentContext => ({
    now: Date.now(), settings: { hostname: "aios" }, runner: netnsRunner(p.a), root,
    memo: { get: <T>(k: string) => memo.get(k) as T | undefined, set: (k, v) => void memo.set(k, v) },
  });
  const findings = async () => { const c = ctx(); const obs = await agent.observe(c); return agent.detectors.flatMap((d) => d.detect(obs, { ...c, history: [] })); };
  /** decide with the rules, then hand the action's tool calls to the registry as the agent. */
  const repair = async (f: Finding) => {
    const facts = factsOf(f);
    const choice = agent.rules[f.kind]!.find((r) => r.when(facts, {} as never))!.answer(facts, {} as never) as { action: string; params: Record<string, unknown>; reason: string };
    const outs = [];
    for (const call of agent.actions[choice.action]!.calls(choice.params, f)) {
      outs.push(await h.registry.call({ agent: "network", tool: call.tool, input: call.input, why: { reason: choice.reason, tier: "reactive" } }));
    }
    return { choice, outs };
  };
  const live = () => nsNft(p.a, nft!, ["list", "ruleset"]);

  beforeAll(() => {
    p = makePair("nag", "10.198.0", "fd98::");
    nsNft(p.a, nft!, ["-f", RULESET]);
    execFileSync("ip", ["-n", p.a, "route", "add", "default", "via", p.b4, "dev", "va"]); // `b` is the gateway
    root = mkdtempSync(join(tmpdir(), "aios-netagent-"));
    const now = Math.floor(Date.now() / 1000);
    put("etc/resolv.conf", "nameserver 6.6.6.6\n");
    put("run/aios/net/lease", `interface=va\nip=${p.a4}/24\nrouter=${p.b4}\ndns=10.198.0.53\ndomain=lan\nlease_s=86400\nbound_at=${now}\n`);
    put("etc/hostname", "aios\n");
    put("proc/sys/kernel/hostname", "aios\n");
    put("proc/uptime", "3600.00 100.00\n");
    put("proc/4242/cmdline", "/usr/bin/busybox\0udhcpc\0-f\0-i\0va\0");
    put("proc/4243/cmdline", "/usr/sbin/chronyd\0-d\0");
    h = harness(() => [
      ...networkTools({ netns: p.a, resolvConf: join(root, "etc/resolv.conf"), hostnameFile: join(root, "etc/hostname") }),
      ...firewallTools({ target: { nft: nft!, netns: p.a }, watchPorts: [22, 9090], defaults: { file: RULESET, table: "inet aios" } }),
    ], { nft: { nft: nft!, netns: p.a }, risk: () => ({ lowRiskPaths: [join(root, "etc/resolv.conf")] }) }); // DEFAULT_RISK, rooted at the temp root
    h.policies.set("network", policy("network", DECL.policy.mode, DECL.policy.capabilities));
  });
  afterAll(() => { h?.close(); p?.close(); if (root) rmSync(root, { recursive: true, force: true }); });

  it("observes links, the default route, the gateway, the lease and the firewall", async () => {
    const obs: NetObs = await agent.observe(ctx());
    expect(obs.links).toContainEqual({ name: "va", up: true, carrier: true, loopback: false, addrs: expect.arrayContaining([`${p.a4}/24`]) });
    expect(obs).toMatchObject({
      defaultRoute: { via: p.b4, dev: "va" }, uplink: "va", gateway: { address: p.b4, reachable: true }, firewall: { drift: null },
      resolver: { exists: true, nameservers: ["6.6.6.6"] }, lease: { dns: ["10.198.0.53"], domain: "lan" }, dhcpRunning: true,
      clock: { ntpRunning: true }, hostname: { file: "aios", kernel: "aios" },
    });
  });

  it("restores the resolver from the lease by itself", async () => {
    const fs = await findings();
    expect(fs.map((f) => f.kind)).toEqual(["dns.differs"]);
    const { choice, outs } = await repair(fs[0]!);
    expect(choice.action).toBe("restore_resolver");
    expect(outs).toMatchObject([{ status: "done", risk: "low" }]);
    expect(readFileSync(join(root, "etc/resolv.conf"), "utf8")).toBe("search lan\nnameserver 10.198.0.53\n");
    expect(await findings()).toEqual([]);
  });

  it("waits for approval to open a port, and a restore keeps the approved port", async () => {
    const out = await h.registry.call({ agent: "network", tool: "firewall.port", input: { action: "allow", port: 8080, proto: "tcp" }, why: { reason: "operator asked", tier: "reactive" } });
    expect(out).toMatchObject({ status: "pending", risk: "high" });
    expect(live()).not.toContain("dport 8080");
    h.approvals.approve((out as { approvalId: string }).approvalId, "root");
    expect(await h.registry.runApproved((out as { approvalId: string }).approvalId)).toMatchObject({ status: "done" });
    expect(live()).toContain("tcp dport 8080 accept");

    nsNft(p.a, nft!, ["chain", "inet", "aios", "input", "{ policy accept; }"]);
    const fs = await findings();
    expect(fs).toMatchObject([{ kind: "firewall.drifted" }]);
    const { outs } = await repair(fs[0]!);
    expect(outs).toMatchObject([{ status: "done", risk: "low", effects: [{ kind: "firewall.restore", change: "policy" }] }]);
    expect(live()).toContain("policy drop;");
    expect(live()).toContain("tcp dport 8080 accept");
  });

  it("puts a deleted firewall table back by itself", async () => {
    nsNft(p.a, nft!, ["delete", "table", "inet", "aios"]);
    const fs = await findings();
    expect(fs).toMatchObject([{ kind: "firewall.missing", facts: { unreadable: false } }]);
    const { outs } = await repair(fs[0]!);
    expect(outs).toMatchObject([{ status: "done", risk: "low", effects: [{ kind: "firewall.restore", change: "table" }] }]);
    expect(live()).toContain("tcp dport 22 accept");
    expect(await findings()).toEqual([]);
  });

  it("proposes a hostname change for approval instead of making it", async () => {
    put("etc/hostname", "debian\n");
    const fs = await findings();
    expect(fs).toMatchObject([{ kind: "hostname.differs", facts: { expected: "aios" } }]);
    const { outs } = await repair(fs[0]!);
    expect(outs).toMatchObject([{ status: "pending", risk: "high" }]);
    expect(readFileSync(join(root, "etc/hostname"), "utf8")).toBe("debian\n");
  });
});
