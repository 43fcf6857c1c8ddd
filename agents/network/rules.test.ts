// Every finding kind has a rule set that answers with no model, and every action it names becomes
// the expected tool calls built from the finding's facts.
import { describe, expect, it } from "vitest";
import { parse } from "smol-toml";
import { readFileSync } from "node:fs";
import { BUILTIN_ACTIONS, type Finding, factsOf } from "../loop/types.ts";
import { actions } from "./actions.ts";
import { KINDS } from "./detectors.ts";
import { rules } from "./rules.ts";

const f = (kind: string, facts: Record<string, unknown>): Finding => ({ kind, key: `${kind}:x`, severity: "warning", summary: "", evidence: [], facts });
const decide = (finding: Finding) => {
  const facts = factsOf(finding);
  const rule = rules[finding.kind]!.find((r) => r.when(facts, {} as never));
  return rule!.answer(facts, {} as never) as { action: string; params: Record<string, unknown> };
};
const calls = (finding: Finding) => { const c = decide(finding); return c.action in actions ? actions[c.action]!.calls(c.params, finding) : c.action; };

describe("network rules", () => {
  it("cover every kind the detectors emit and the declaration decides on, naming only known actions", () => {
    const toml = parse(readFileSync("image/agents/network.toml", "utf8")) as { decisions: string[] };
    expect([...toml.decisions].sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) {
      expect(rules[kind]?.length, kind).toBeGreaterThan(0);
      const last = rules[kind]!.at(-1)!; // a fallback is there for any facts
      const c = last.answer({}, {} as never) as { action: string };
      expect([...Object.keys(actions), ...BUILTIN_ACTIONS], kind).toContain(c.action);
    }
  });

  it("restore the resolver from the lease, and escalate when there is no source", () => {
    expect(calls(f("dns.differs", { expected: ["10.0.2.3"], search: ["lan"], source: "lease" })))
      .toEqual([{ tool: "network.resolver", input: { nameservers: ["10.0.2.3"], search: ["lan"] } }]);
    expect(calls(f("dns.missing", { expected: ["10.0.2.3"], search: [], source: "lease" }))).toMatchObject([{ tool: "network.resolver" }]);
    expect(decide(f("dns.missing", { expected: null, search: [] })).action).toBe("escalate");
  });

  it("restore the firewall unless it cannot be read", () => {
    expect(calls(f("firewall.missing", { unreadable: false }))).toEqual([{ tool: "firewall.restore", input: {} }]);
    expect(calls(f("firewall.drifted", { change: "policy" }))).toEqual([{ tool: "firewall.restore", input: {} }]);
    expect(decide(f("firewall.missing", { unreadable: true })).action).toBe("escalate");
  });

  it("renew DHCP by restarting the network service; restart chronyd once it is down", () => {
    const restart = (id: string) => [{ tool: "services.control", input: { id, action: "restart" } }];
    expect(calls(f("address.missing", { mode: "dhcp", iface: "eth0" }))).toEqual(restart("network"));
    expect(calls(f("route.missing", { mode: "dhcp" }))).toEqual(restart("network"));
    expect(calls(f("dhcp.stopped", { service: "network" }))).toEqual(restart("network"));
    expect(calls(f("dhcp.lease-expired", { service: "network" }))).toEqual(restart("network"));
    expect(calls(f("clock.unsynced", { ntpRunning: false }))).toEqual(restart("ntp"));
    expect(decide(f("clock.unsynced", { ntpRunning: true })).action).toBe("escalate");
  });

  it("propose static address, route, link, hostname and proxy changes as tool calls", () => {
    expect(calls(f("address.missing", { mode: "static", iface: "eth0", expected: "192.0.2.10/24" })))
      .toEqual([{ tool: "network.address", input: { iface: "eth0", addr: "192.0.2.10/24", action: "add" } }]);
    expect(calls(f("route.missing", { mode: "static", iface: "eth0", gateway: "192.0.2.1" })))
      .toEqual([{ tool: "network.route", input: { dst: "default", via: "192.0.2.1", dev: "eth0", action: "add" } }]);
    expect(decide(f("route.missing", { mode: "static", gateway: null })).action).toBe("escalate");
    expect(calls(f("link.down", { iface: "eth0", adminUp: false }))).toEqual([{ tool: "network.link", input: { iface: "eth0", state: "up" } }]);
    expect(decide(f("link.down", { iface: "eth0", adminUp: true, carrier: false })).action).toBe("escalate");
    expect(calls(f("hostname.differs", { expected: "aios" }))).toEqual([{ tool: "network.hostname", input: { name: "aios" } }]);
    expect(calls(f("proxy.differs", { expected: "http://p:3128", file: "/etc/aios/proxy.env" })))
      .toMatchObject([{ tool: "files.write", input: { path: "/etc/aios/proxy.env", content: expect.stringContaining("http_proxy=http://p:3128\n") } }]);
    expect(decide(f("proxy.differs", { expected: "http://x\nrm -rf /", file: "/etc/aios/proxy.env" })).action).toBe("escalate");
  });

  it("escalate what the appliance cannot fix", () => {
    expect(decide(f("gateway.unreachable", { gateway: "10.0.2.2" })).action).toBe("escalate");
    expect(decide(f("internet.unreachable", { target: "9.9.9.9" })).action).toBe("escalate");
  });

  it("take values from facts, not from a decision's parameters", () => {
    const finding = f("dns.differs", { expected: ["10.0.2.3"], search: [] });
    expect(actions.restore_resolver!.calls({ nameservers: ["6.6.6.6"] }, finding)).toEqual([{ tool: "network.resolver", input: { nameservers: ["10.0.2.3"], search: [] } }]);
  });
});
