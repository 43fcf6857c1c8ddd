// Firewall tools on a real nft ruleset in a network namespace created for the test: previews match
// what apply does, the lock-out guard refuses cutting ssh, and a failed health check restores the
// ruleset exactly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { firewallTools } from "../../../tools/firewall/index.ts";
import { reachable } from "../../../tools/firewall/reach.ts";
import { type Harness, harness, policy, why } from "./harness.ts";
import { addNetns, canNetns, delNetns, findNft, nsNft } from "./netns.ts";

const nft = findNft();
const skip = nft === null ? "nft not found (run tests/integration/tools/fetch-nft.sh or set AIOS_NFT)" : canNetns();
if (skip) console.warn(`firewall tests skipped: ${skip}`);

const BASE = `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    iifname "lo" accept
    tcp dport 22 accept
    tcp dport 9090 accept
  }
}
`;

describe.skipIf(skip !== null)("firewall tools (nft in a network namespace)", () => {
  let ns = "";
  let h: Harness;
  let healthy = true;
  const live = () => nsNft(ns, nft!, ["list", "ruleset"]);
  const load = (script: string) => nsNft(ns, nft!, ["-f", "-"], `flush ruleset\n${script}`);

  beforeAll(() => {
    ns = addNetns("fw");
    h = harness(() => firewallTools({ target: { nft: nft!, netns: ns }, watchPorts: [22, 9090] }), {
      nft: { nft: nft!, netns: ns },
      healthChecks: [{ name: "probe", check: async () => (healthy ? true : "service on 8080 unreachable") }],
    });
    h.policies.set("fw", policy("fw", "trusted", ["net.firewall.read", "net.firewall.write"]));
    h.policies.set("fwsafe", policy("fwsafe", "normal", ["net.firewall.read", "net.firewall.write"]));
    h.policies.set("reader", policy("reader", "trusted", ["net.firewall.read"]));
  });
  afterAll(() => { h?.close(); if (ns) delNetns(ns); });
  beforeEach(() => { healthy = true; load(BASE); });

  const port = (action: "allow" | "block", p: number) => ({ action, port: p, proto: "tcp", family: "inet", table: "filter", chain: "input" });

  it("lists the live ruleset", async () => {
    const out = await h.registry.call({ agent: "reader", tool: "firewall.list", input: {}, why });
    expect(out).toMatchObject({ status: "done", result: { chains: [{ table: "inet filter", chain: "input", policy: "drop" }] } });
  });

  it("previews opening a port exactly as applying it turns out", async () => {
    const before = live();
    const p = await h.registry.preview({ agent: "fw", tool: "firewall.port", input: port("allow", 8080), why });
    if (p.status !== "preview") throw new Error(JSON.stringify(p));
    expect(live()).toBe(before);
    expect(p.plan.effects).toEqual([
      { kind: "firewall.rule", change: "add", table: "inet filter", chain: "input", rule: "tcp dport 8080 accept" },
      { kind: "port.open", port: 8080, proto: "tcp" },
    ]);
    expect(p.risk).toBe("high");
    const out = await h.registry.call({ agent: "fw", tool: "firewall.port", input: port("allow", 8080), why });
    expect(out.status).toBe("done");
    expect(p.plan.notes?.[0]).toBe(`resulting ruleset:\n${live()}`);
    const json = JSON.parse(nsNft(ns, nft!, ["-j", "list", "ruleset"]));
    expect(reachable(json, { proto: "tcp", port: 8080 })).toBe(true);
    expect(reachable(json, { proto: "tcp", port: 8081 })).toBe(false);
  });

  it("refuses a rule that drops ssh, even in trusted mode, and leaves the ruleset alone", async () => {
    const before = live();
    const out = await h.registry.call({ agent: "fw", tool: "firewall.port", input: port("block", 22), why });
    expect(out).toMatchObject({ status: "refused", blame: "lockout", reason: expect.stringContaining("ssh") });
    expect(live()).toBe(before);
    expect(h.audit.tail(1)[0]).toMatchObject({ kind: "tool.refused", data: { blame: "lockout" } });
  });

  it("refuses whole rulesets that cut off ssh or the web console in less obvious ways", async () => {
    const cases = [
      "table inet filter { chain input { type filter hook input priority 0; policy drop; tcp dport 80 accept; }\n}",
      "table ip t { chain c { type filter hook input priority 0; tcp dport { 21-23, 443 } drop; }\n}",
      "table inet filter { chain input { type filter hook input priority 0; policy accept; tcp dport 9090 reject; }\n}",
      "table inet filter { chain input { type filter hook input priority 0; jump deny; }\nchain deny { meta l4proto tcp drop; }\n}",
    ];
    for (const ruleset of cases) {
      expect(await h.registry.call({ agent: "fw", tool: "firewall.apply", input: { ruleset }, why })).toMatchObject({ status: "refused", blame: "lockout" });
    }
    // Limiting ssh to a subnet leaves some clients in: not a lock-out.
    const subnet = "table inet filter { chain input { type filter hook input priority 0; policy drop; ip saddr 10.0.0.0/8 tcp dport { 22, 9090 } accept; }\n}";
    expect(await h.registry.call({ agent: "fw", tool: "firewall.apply", input: { ruleset: subnet }, why })).toMatchObject({ status: "done" });
  });

  it("asks for approval in normal mode: opening a port is high risk", async () => {
    const out = await h.registry.call({ agent: "fwsafe", tool: "firewall.port", input: port("allow", 8443), why });
    expect(out).toMatchObject({ status: "pending", risk: "high" });
  });

  it("deletes a rule and reports the port it closes", async () => {
    await h.registry.call({ agent: "fw", tool: "firewall.port", input: port("allow", 8080), why });
    const out = await h.registry.call({ agent: "fw", tool: "firewall.delete_rule", input: { family: "inet", table: "filter", chain: "input", rule: "tcp dport 8080 accept" }, why });
    expect(out).toMatchObject({ status: "done", effects: [{ kind: "firewall.rule", change: "delete" }, { kind: "port.close", port: 8080 }] });
    expect(live()).not.toContain("8080");
  });

  it("checks a script without applying it", async () => {
    const before = live();
    expect(await h.registry.call({ agent: "reader", tool: "firewall.check", input: { ruleset: "table inet x { chain y { tcp dport 80 acept }\n}" }, why }))
      .toMatchObject({ status: "done", result: { ok: false, errors: expect.stringContaining("acept") } });
    expect(await h.registry.call({ agent: "reader", tool: "firewall.check", input: { ruleset: "table inet x { chain y { tcp dport 80 accept; }\n}" }, why }))
      .toMatchObject({ status: "done", result: { ok: true } });
    expect(live()).toBe(before);
  });

  it("rolls the ruleset back exactly when a health check fails after the change", async () => {
    const before = live();
    healthy = false;
    const out = await h.registry.call({ agent: "fw", tool: "firewall.port", input: port("allow", 8080), why });
    expect(out).toMatchObject({ status: "rolled_back", reason: expect.stringContaining("service on 8080 unreachable") });
    expect(live()).toBe(before);
    expect(h.audit.tail(2).map((e) => e.kind)).toEqual(["rollback", "tool.failed"]);
  });
});
