// What the network agent sees in one cycle, and its settings. Observations are plain data so every
// detector and rule can be tested with objects alone.
import { setting, value } from "../../runtime/config/settings.ts";

export interface LinkObs {
  name: string;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** Carrier present (LOWER_UP). */
  carrier: boolean;
  loopback: boolean;
  /** Global-scope addresses as "addr/prefix" (IPv4 and IPv6). */
  addrs: string[];
}

/** What the udhcpc hook recorded for the current lease (/run/aios/net/lease). */
export interface Lease {
  iface: string;
  ip: string;
  routers: string[];
  dns: string[];
  domain: string;
  leaseS: number | null;
  boundAt: number | null;
}

export interface Probe { address: string; reachable: boolean | null }

export interface NetObs {
  links: LinkObs[];
  defaultRoute: { via?: string; dev?: string } | null;
  /** The interface the appliance talks through: the configured one, the default route's, the lease's, or the first card. */
  uplink: string | null;
  resolver: { exists: boolean; nameservers: string[]; search: string[] };
  lease: Lease | null;
  gateway: Probe | null;
  target: Probe | null;
  /** The live firewall against the shipped default: drift null = in place; error = nft could not be read. */
  firewall: { drift: "table" | "policy" | null; why?: string; error?: string };
  /** chronyd: running (process), and what `chronyc -c tracking` says (null when it could not be asked). */
  clock: { ntpRunning: boolean; synced: boolean | null; stratum: number | null; leap: string | null; uptimeS: number | null };
  hostname: { file: string | null; kernel: string | null };
  dhcpRunning: boolean;
  /** http_proxy from /etc/aios/proxy.env ("" when the file is absent or has none). */
  proxy: string;
  /** Observation time (ms). */
  at: number;
}

export interface NetSettings {
  iface: string;
  hostname: string;
  staticAddress: string;
  staticGateway: string;
  staticDns: string[];
  search: string[];
  ntp: boolean;
  ntpGraceS: number;
  probeGateway: boolean;
  /** A good ping or chronyc answer is reused this long; a bad one is asked again every cycle. */
  probeEveryS: number;
  reachabilityTarget: string;
  proxy: string;
  leaseFile: string;
  proxyFile: string;
}

const str = (v: unknown, d: string) => (typeof v === "string" ? v : d);
const num = (v: unknown, d: number) => (typeof v === "number" && Number.isFinite(v) ? v : d);
const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The [settings] table with defaults; unknown types fall back to defaults rather than throwing mid-cycle. */
export function settingsOf(raw: Record<string, unknown>): NetSettings {
  return {
    iface: str(raw.interface, ""),
    hostname: str(raw.hostname, setting("hostname")),
    // The settings table's network.* (what the first-boot setup writes) unless this agent's own say otherwise.
    staticAddress: str(raw.static_address, setting("net_address")),
    staticGateway: str(raw.static_gateway, setting("net_gateway")),
    staticDns: raw.static_dns === undefined ? [...(value("net_dns") as readonly string[])] : list(raw.static_dns),
    search: list(raw.search),
    ntp: raw.ntp !== false,
    ntpGraceS: num(raw.ntp_grace_s, 300),
    probeGateway: raw.probe_gateway !== false,
    probeEveryS: num(raw.probe_every_s, 60),
    reachabilityTarget: str(raw.reachability_target, ""),
    proxy: str(raw.proxy, ""),
    leaseFile: str(raw.lease_file, "/run/aios/net/lease"),
    proxyFile: str(raw.proxy_file, "/etc/aios/proxy.env"),
  };
}
