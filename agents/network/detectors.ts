// One small check per symptom: an observation in, findings out, no side effects. Keys are stable
// (kind plus the interface or address), so one symptom stays one incident across cycles. Facts carry
// everything a rule or an action needs (the expected values come from the lease or the settings).
import type { Detector, DetectContext, Finding } from "../loop/types.ts";
import { type NetObs, type NetSettings, settingsOf } from "./types.ts";

type Check = (obs: NetObs, cfg: NetSettings) => Finding | null;
const det = (name: string, check: Check): Detector<NetObs> => ({
  name,
  detect: (obs: NetObs, ctx: DetectContext<NetObs>) => { const f = check(obs, settingsOf(ctx.settings)); return f ? [f] : []; },
});
const finding = (kind: string, subject: string, severity: Finding["severity"], summary: string, evidence: string[], facts: Record<string, unknown>): Finding =>
  ({ kind, key: `${kind}:${subject}`, severity, summary, evidence: evidence.map((e) => e.slice(0, 300)), facts });

const uplinkOf = (obs: NetObs) => obs.links.find((l) => l.name === obs.uplink) ?? null;
const mode = (cfg: NetSettings) => (cfg.staticAddress ? "static" : "dhcp");
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The resolver the appliance should have: the static settings first, else the lease. */
export function expectedResolver(obs: NetObs, cfg: NetSettings): { nameservers: string[]; search: string[]; source: string } | null {
  if (cfg.staticDns.length) return { nameservers: cfg.staticDns.slice(0, 3), search: cfg.search, source: "settings" };
  if (obs.lease?.dns.length) return { nameservers: obs.lease.dns.slice(0, 3), search: obs.lease.domain ? [obs.lease.domain] : [], source: "lease" };
  return null;
}

export const linkDown = det("link-down", (obs) => {
  const l = uplinkOf(obs);
  if (!l || (l.up && l.carrier)) return null;
  return finding("link.down", l.name, "critical", `${l.name} is ${l.up ? "up without carrier" : "administratively down"}`,
    [`${l.name}: up=${l.up} carrier=${l.carrier}`], { iface: l.name, adminUp: l.up, carrier: l.carrier });
});

export const addressMissing = det("address-missing", (obs, cfg) => {
  const l = uplinkOf(obs);
  if (!l || !l.up || !l.carrier) return null; // link.down says it better
  const v4 = l.addrs.filter((a) => a.includes("."));
  if (cfg.staticAddress ? l.addrs.includes(cfg.staticAddress) : v4.length > 0) return null;
  return finding("address.missing", l.name, "critical", cfg.staticAddress ? `${l.name} lacks its static address ${cfg.staticAddress}` : `${l.name} has no IPv4 address`,
    [`${l.name}: ${l.addrs.join(" ") || "no global address"}`], { iface: l.name, mode: mode(cfg), expected: cfg.staticAddress || null, dhcpRunning: obs.dhcpRunning });
});

export const routeMissing = det("route-missing", (obs, cfg) => {
  if (obs.defaultRoute) return null;
  const l = uplinkOf(obs);
  if (!l || !l.up || !l.carrier) return null;
  return finding("route.missing", "default", "critical", "no default route", ["ip route: no default"],
    { iface: l.name, mode: mode(cfg), gateway: cfg.staticGateway || obs.lease?.routers[0] || null });
});

export const dhcpStopped = det("dhcp-stopped", (obs, cfg) => {
  if (cfg.staticAddress || obs.dhcpRunning || !obs.links.some((l) => !l.loopback)) return null;
  return finding("dhcp.stopped", obs.uplink ?? "any", "warning", "the DHCP client is not running", ["no udhcpc process"], { service: "network" });
});

export const leaseExpired = det("lease-expired", (obs, cfg) => {
  const l = obs.lease;
  if (cfg.staticAddress || !l || l.leaseS === null || l.boundAt === null) return null;
  const expires = (l.boundAt + l.leaseS) * 1000;
  if (obs.at < expires) return null;
  return finding("dhcp.lease-expired", l.iface, "warning", `the DHCP lease on ${l.iface} expired without renewal`,
    [`bound ${new Date(l.boundAt * 1000).toISOString()} for ${l.leaseS} s`], { iface: l.iface, service: "network", expiredMs: obs.at - expires });
});

export const resolverBroken = det("resolver", (obs, cfg) => {
  const want = expectedResolver(obs, cfg);
  const have = obs.resolver;
  if (have.nameservers.length === 0) {
    return finding("dns.missing", "resolv.conf", "critical", have.exists ? "/etc/resolv.conf names no nameserver" : "/etc/resolv.conf is missing",
      [`resolv.conf: ${have.exists ? "no nameserver lines" : "absent"}`], { expected: want?.nameservers ?? null, search: want?.search ?? [], source: want?.source ?? null });
  }
  if (!want || (sameList(have.nameservers, want.nameservers) && sameList(have.search, want.search))) return null;
  return finding("dns.differs", "resolv.conf", "warning", `the resolver differs from the ${want.source}`,
    [`resolv.conf: ${have.nameservers.join(" ")} search ${have.search.join(" ")}`, `${want.source}: ${want.nameservers.join(" ")} search ${want.search.join(" ")}`],
    { expected: want.nameservers, search: want.search, source: want.source, actual: have.nameservers });
});

export const gatewayUnreachable = det("gateway", (obs) => {
  if (!obs.gateway || obs.gateway.reachable !== false) return null;
  return finding("gateway.unreachable", obs.gateway.address, "critical", `the gateway ${obs.gateway.address} does not answer`,
    [`ping ${obs.gateway.address}: no reply`], { gateway: obs.gateway.address, iface: obs.uplink });
});

export const targetUnreachable = det("reachability", (obs) => {
  if (!obs.target || obs.target.reachable !== false || obs.gateway?.reachable === false) return null; // the gateway finding explains it
  return finding("internet.unreachable", obs.target.address, "warning", `${obs.target.address} does not answer (the gateway does)`,
    [`ping ${obs.target.address}: no reply`], { target: obs.target.address });
});

export const firewallDrift = det("firewall", (obs) => {
  const fw = obs.firewall;
  if (fw.error) return finding("firewall.missing", "inet aios", "critical", "the firewall cannot be read", [fw.error], { unreadable: true, error: fw.error });
  if (fw.drift === "table") return finding("firewall.missing", "inet aios", "critical", "the default firewall table is not loaded", [fw.why ?? ""], { unreadable: false });
  if (fw.drift === "policy") return finding("firewall.drifted", "inet aios", "critical", "the firewall lets unlisted inbound traffic in", [fw.why ?? ""], { change: "policy" });
  return null;
});

export const clockUnsynced = det("clock", (obs, cfg) => {
  const c = obs.clock;
  if (!cfg.ntp || (c.uptimeS !== null && c.uptimeS < cfg.ntpGraceS)) return null;
  // chronyd running but not answering is "unknown", not "unsynced": the next cycle asks again.
  if (c.ntpRunning && c.synced !== false) return null;
  const why = !c.ntpRunning ? "chronyd is not running" : "chronyd has no synchronised source";
  return finding("clock.unsynced", "ntp", "warning", `the clock is not synced: ${why}`, [`chronyd running=${c.ntpRunning} leap=${c.leap ?? "?"} stratum=${c.stratum ?? "?"}`],
    { ntpRunning: c.ntpRunning, service: "ntp", why });
});

export const hostnameDiffers = det("hostname", (obs, cfg) => {
  if (!cfg.hostname || (obs.hostname.file === cfg.hostname && (obs.hostname.kernel ?? cfg.hostname) === cfg.hostname)) return null;
  return finding("hostname.differs", cfg.hostname, "info", `the hostname is not the configured ${cfg.hostname}`,
    [`/etc/hostname: ${obs.hostname.file ?? "absent"}`, `kernel: ${obs.hostname.kernel ?? "?"}`], { expected: cfg.hostname, actual: obs.hostname.kernel ?? obs.hostname.file });
});

export const proxyDiffers = det("proxy", (obs, cfg) => {
  if (obs.proxy === cfg.proxy) return null;
  return finding("proxy.differs", "http", "info", cfg.proxy ? `the proxy is not the configured ${cfg.proxy}` : "a proxy is set that the settings do not name",
    [`proxy file: ${obs.proxy || "none"}`], { expected: cfg.proxy, actual: obs.proxy, file: cfg.proxyFile });
});

export const detectors: Detector<NetObs>[] = [linkDown, addressMissing, routeMissing, dhcpStopped, leaseExpired, resolverBroken,
  gatewayUnreachable, targetUnreachable, firewallDrift, clockUnsynced, hostnameDiffers, proxyDiffers];

export const KINDS = ["link.down", "address.missing", "route.missing", "dhcp.stopped", "dhcp.lease-expired", "dns.missing", "dns.differs",
  "gateway.unreachable", "internet.unreachable", "firewall.missing", "firewall.drifted", "clock.unsynced", "hostname.differs", "proxy.differs"] as const;
