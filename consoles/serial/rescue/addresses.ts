// This machine's addresses for the banner and the rescue menu, with no agent host: `ip -j addr`
// (through the one process module), else the kernel's own list (getifaddrs, no process at all).
import { networkInterfaces } from "node:os";
import type { Runner } from "../../../runtime/proc/exec.ts";

export interface Iface {
  name: string;
  /** The link is up (carrier); unknown from the fallback, which lists only configured ones. */
  up: boolean;
  /** "10.0.2.15/24", "fec0::5054:ff:fe12:3456/64"; loopback interfaces are left out. */
  addrs: string[];
}

interface IpAddr { ifname?: string; flags?: string[]; operstate?: string; link_type?: string; addr_info?: { family?: string; local?: string; prefixlen?: number }[] }

/** `ip -j addr` output → interfaces, loopback left out. Throws on text that is not its JSON. */
export function parseIpJson(text: string): Iface[] {
  const links = JSON.parse(text) as IpAddr[];
  if (!Array.isArray(links)) throw new Error("ip -j addr did not answer a list");
  return links
    .filter((l) => l.ifname && l.link_type !== "loopback" && !(l.flags ?? []).includes("LOOPBACK"))
    .map((l) => ({
      name: l.ifname!,
      up: l.operstate === "UP" || (l.flags ?? []).includes("LOWER_UP"),
      addrs: (l.addr_info ?? []).filter((a) => a.local).map((a) => `${a.local}/${a.prefixlen ?? ""}`.replace(/\/$/, "")),
    }));
}

/** The same from Node's getifaddrs view, for when `ip` is missing or fails. */
export function fromInterfaces(list: ReturnType<typeof networkInterfaces> = networkInterfaces()): Iface[] {
  return Object.entries(list)
    .filter(([, as]) => as && !as.every((a) => a.internal))
    .map(([name, as]) => ({ name, up: true, addrs: (as ?? []).map((a) => a.cidr ?? a.address) }));
}

export async function readAddresses(runner: Runner): Promise<Iface[]> {
  try {
    return parseIpJson((await runner.run(["ip", "-j", "addr"], { timeoutMs: 3000 })).stdout);
  } catch {
    return fromInterfaces();
  }
}

/** Addresses someone on the network can use: not link-local, not loopback. */
export const reachable = (i: Iface) => i.addrs.filter((a) => !/^(fe80:|169\.254\.|127\.|::1\/)/i.test(a));
