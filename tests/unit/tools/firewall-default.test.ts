// The pieces that let the network agent keep the default firewall: a header match (icmp, ip6) never
// makes an IPv4 TCP port look reachable, drift is read from the ruleset text, and a restore of the
// shipped table or a resolver rewrite is low risk while opening a port stays high.
import { describe, expect, it } from "vitest";
import { classify } from "../../../runtime/policy/risk.ts";
import { driftOf } from "../../../tools/firewall/restore.ts";
import { reachable } from "../../../tools/firewall/reach.ts";

const chain = { chain: { family: "inet", table: "aios", name: "input", type: "filter", hook: "input", prio: 0, policy: "drop" } };
const rule = (expr: unknown[]) => ({ rule: { family: "inet", table: "aios", chain: "input", expr } });
const tcp = (port: number) => rule([{ match: { op: "==", left: { payload: { protocol: "tcp", field: "dport" } }, right: port } }, { accept: null }]);
const icmp = rule([{ match: { op: "==", left: { payload: { protocol: "icmp", field: "type" } }, right: { set: ["echo-request"] } } }, { accept: null }]);
const v6dhcp = rule([{ match: { op: "==", left: { payload: { protocol: "ip6", field: "saddr" } }, right: { prefix: { addr: "fe80::", len: 10 } } } },
  { match: { op: "==", left: { payload: { protocol: "udp", field: "dport" } }, right: 546 } }, { accept: null }]);

describe("default firewall support", () => {
  it("does not count an icmp or ip6-only accept as opening TCP ports", () => {
    const json = { nftables: [chain, icmp, v6dhcp, tcp(22)] };
    expect(reachable(json, { proto: "tcp", port: 22 })).toBe(true);
    expect(reachable(json, { proto: "tcp", port: 8080 })).toBe(false);
    expect(reachable(json, { proto: "udp", port: 546 })).toBe(false); // an IPv4 probe
    // Without the ssh rule, ssh is unreachable: the lock-out guard sees the close.
    expect(reachable({ nftables: [chain, icmp] }, { proto: "tcp", port: 22 })).toBe(false);
  });

  it("reads drift from the ruleset text", () => {
    const ok = "table inet aios {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\ttcp dport 22 accept\n\t}\n}\n";
    expect(driftOf(ok, "inet aios")).toBeNull();
    expect(driftOf(ok.replace("policy drop", "policy accept"), "inet aios")).toMatchObject({ change: "policy" });
    expect(driftOf("table inet other {\n}\n", "inet aios")).toMatchObject({ change: "table" });
    expect(driftOf("", "inet aios")).toMatchObject({ change: "table" });
  });

  it("rates a default restore and a resolver rewrite low, a port open high", () => {
    expect(classify([{ kind: "firewall.restore", table: "inet aios", source: "/etc/aios/firewall.nft", sha256: "x", change: "table" }])).toBe("low");
    expect(classify([{ kind: "file.write", path: "/etc/resolv.conf", existed: true, bytes: 20, sha256: "x" }])).toBe("low");
    expect(classify([{ kind: "file.write", path: "/etc/hostname", existed: true, bytes: 5, sha256: "x" }])).toBe("high");
    expect(classify([{ kind: "firewall.rule", change: "add", table: "inet aios", chain: "input", rule: "tcp dport 8080 accept" }, { kind: "port.open", port: 8080, proto: "tcp" }])).toBe("high");
  });
});
