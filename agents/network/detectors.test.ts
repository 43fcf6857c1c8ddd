// Every detector on plain observations: the symptom found with the facts its action needs, and the
// healthy case silent.
import { describe, expect, it } from "vitest";
import type { DetectContext } from "../loop/types.ts";
import * as d from "./detectors.ts";
import type { NetObs } from "./types.ts";

const NOW = 1_700_000_000_000;
const healthy = (): NetObs => ({
  links: [{ name: "lo", up: true, carrier: true, loopback: true, addrs: [] }, { name: "eth0", up: true, carrier: true, loopback: false, addrs: ["10.0.2.15/24"] }],
  defaultRoute: { via: "10.0.2.2", dev: "eth0" }, uplink: "eth0",
  resolver: { exists: true, nameservers: ["10.0.2.3"], search: ["lan"] },
  lease: { iface: "eth0", ip: "10.0.2.15/24", routers: ["10.0.2.2"], dns: ["10.0.2.3"], domain: "lan", leaseS: 86400, boundAt: NOW / 1000 - 60 },
  gateway: { address: "10.0.2.2", reachable: true }, target: null, firewall: { drift: null },
  clock: { ntpRunning: true, synced: true, stratum: 2, leap: "Normal", uptimeS: 3600 },
  hostname: { file: "aios", kernel: "aios" }, dhcpRunning: true, proxy: "", at: NOW,
});
const ctx = (settings: Record<string, unknown> = {}): DetectContext<NetObs> =>
  ({ now: NOW, settings: { hostname: "aios", ...settings }, history: [], root: "/", runner: null as never, memo: null as never });
const run = (obs: NetObs, settings?: Record<string, unknown>) => d.detectors.flatMap((x) => x.detect(obs, ctx(settings)));
const with_ = (patch: (o: NetObs) => void) => { const o = healthy(); patch(o); return o; };

describe("network detectors", () => {
  it("find nothing on a healthy appliance", () => expect(run(healthy())).toEqual([]));

  it("link.down: admin down vs no carrier", () => {
    expect(run(with_((o) => { o.links[1]!.up = false; }))).toMatchObject([{ kind: "link.down", key: "link.down:eth0", facts: { adminUp: false } }]);
    expect(d.linkDown.detect(with_((o) => { o.links[1]!.carrier = false; }), ctx())).toMatchObject([{ facts: { adminUp: true, carrier: false } }]);
  });

  it("address.missing: DHCP without IPv4, and a missing static address", () => {
    expect(d.addressMissing.detect(with_((o) => { o.links[1]!.addrs = ["2001:db8::1/64"]; }), ctx())).toMatchObject([{ kind: "address.missing", facts: { mode: "dhcp" } }]);
    expect(d.addressMissing.detect(healthy(), ctx({ static_address: "192.0.2.10/24" }))).toMatchObject([{ facts: { mode: "static", expected: "192.0.2.10/24", iface: "eth0" } }]);
  });

  it("route.missing names the gateway to use", () => {
    expect(d.routeMissing.detect(with_((o) => { o.defaultRoute = null; }), ctx())).toMatchObject([{ kind: "route.missing", facts: { mode: "dhcp", gateway: "10.0.2.2" } }]);
    expect(d.routeMissing.detect(with_((o) => { o.defaultRoute = null; }), ctx({ static_address: "192.0.2.10/24", static_gateway: "192.0.2.1" }))).toMatchObject([{ facts: { mode: "static", gateway: "192.0.2.1" } }]);
  });

  it("dhcp.stopped and dhcp.lease-expired, not in static mode", () => {
    const stopped = with_((o) => { o.dhcpRunning = false; });
    expect(d.dhcpStopped.detect(stopped, ctx())).toMatchObject([{ kind: "dhcp.stopped", facts: { service: "network" } }]);
    expect(d.dhcpStopped.detect(stopped, ctx({ static_address: "192.0.2.10/24" }))).toEqual([]);
    const old = with_((o) => { o.lease!.boundAt = NOW / 1000 - 90_000; });
    expect(d.leaseExpired.detect(old, ctx())).toMatchObject([{ kind: "dhcp.lease-expired", key: "dhcp.lease-expired:eth0" }]);
  });

  it("dns.missing and dns.differs carry the lease's (or the settings') resolver", () => {
    expect(d.resolverBroken.detect(with_((o) => { o.resolver = { exists: false, nameservers: [], search: [] }; }), ctx()))
      .toMatchObject([{ kind: "dns.missing", facts: { expected: ["10.0.2.3"], search: ["lan"], source: "lease" } }]);
    expect(d.resolverBroken.detect(with_((o) => { o.resolver.nameservers = ["6.6.6.6"]; }), ctx()))
      .toMatchObject([{ kind: "dns.differs", facts: { expected: ["10.0.2.3"], actual: ["6.6.6.6"] } }]);
    expect(d.resolverBroken.detect(healthy(), ctx({ static_dns: ["192.0.2.53"] }))).toMatchObject([{ kind: "dns.differs", facts: { source: "settings", expected: ["192.0.2.53"] } }]);
    expect(d.resolverBroken.detect(with_((o) => { o.lease = null; o.resolver.nameservers = []; }), ctx())).toMatchObject([{ kind: "dns.missing", facts: { expected: null } }]);
  });

  it("gateway.unreachable, and internet.unreachable only when the gateway answers", () => {
    expect(d.gatewayUnreachable.detect(with_((o) => { o.gateway!.reachable = false; }), ctx())).toMatchObject([{ kind: "gateway.unreachable", facts: { gateway: "10.0.2.2" } }]);
    expect(d.gatewayUnreachable.detect(with_((o) => { o.gateway!.reachable = null; }), ctx())).toEqual([]); // no ping: unknown, not down
    expect(d.targetUnreachable.detect(with_((o) => { o.target = { address: "9.9.9.9", reachable: false }; }), ctx())).toMatchObject([{ kind: "internet.unreachable" }]);
    expect(d.targetUnreachable.detect(with_((o) => { o.target = { address: "9.9.9.9", reachable: false }; o.gateway!.reachable = false; }), ctx())).toEqual([]);
  });

  it("firewall.missing, firewall.drifted, and an unreadable firewall", () => {
    expect(d.firewallDrift.detect(with_((o) => { o.firewall = { drift: "table", why: "gone" }; }), ctx())).toMatchObject([{ kind: "firewall.missing", facts: { unreadable: false } }]);
    expect(d.firewallDrift.detect(with_((o) => { o.firewall = { drift: "policy" }; }), ctx())).toMatchObject([{ kind: "firewall.drifted" }]);
    expect(d.firewallDrift.detect(with_((o) => { o.firewall = { drift: null, error: "nft: not found" }; }), ctx())).toMatchObject([{ kind: "firewall.missing", facts: { unreadable: true } }]);
  });

  it("clock.unsynced: after the grace period, when chronyd is down or has no source; unknown is not unsynced; off by setting", () => {
    const down = with_((o) => { o.clock = { ntpRunning: false, synced: null, stratum: null, leap: null, uptimeS: 3600 }; });
    expect(d.clockUnsynced.detect(down, ctx())).toMatchObject([{ kind: "clock.unsynced", facts: { ntpRunning: false } }]);
    expect(d.clockUnsynced.detect(with_((o) => { o.clock.uptimeS = 10; o.clock.synced = false; }), ctx())).toEqual([]);
    expect(d.clockUnsynced.detect(with_((o) => { o.clock.synced = false; }), ctx())).toMatchObject([{ facts: { ntpRunning: true, why: "chronyd has no synchronised source" } }]);
    expect(d.clockUnsynced.detect(with_((o) => { o.clock.synced = null; }), ctx())).toEqual([]);
    expect(d.clockUnsynced.detect(down, ctx({ ntp: false }))).toEqual([]);
  });

  it("hostname.differs and proxy.differs against the settings", () => {
    expect(d.hostnameDiffers.detect(with_((o) => { o.hostname.kernel = "debian"; }), ctx())).toMatchObject([{ kind: "hostname.differs", facts: { expected: "aios", actual: "debian" } }]);
    expect(d.hostnameDiffers.detect(with_((o) => { o.hostname.file = "x"; }), ctx({ hostname: "" }))).toEqual([]);
    expect(d.proxyDiffers.detect(healthy(), ctx({ proxy: "http://p:3128" }))).toMatchObject([{ kind: "proxy.differs", facts: { expected: "http://p:3128", file: "/etc/aios/proxy.env" } }]);
  });

  it("declares every kind it can emit", () => {
    const bad = with_((o) => { o.links[1]!.up = false; o.defaultRoute = null; o.dhcpRunning = false; o.firewall = { drift: "policy" }; o.hostname.kernel = "x"; });
    for (const f of run(bad)) expect(d.KINDS).toContain(f.kind);
  });
});
