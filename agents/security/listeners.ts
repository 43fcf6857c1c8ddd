// Listening sockets, merged per protocol and port (IPv4 and IPv6 together), each with the process
// that owns it; and the peers of established sessions on the operator ports.
import { join } from "node:path";
import { establishedPeers, isListener, readSockets, socketOwners } from "../../runtime/proc/sockets.ts";

export interface Listener {
  /** "tcp:4444": stable across restarts of the owner, so one listener is one incident. */
  key: string;
  proto: "tcp" | "udp";
  port: number;
  addrs: string[];
  pid: number | null;
  comm: string | null;
}

const LOOPBACK = /^(127\.|::1$)/;
export const loopbackOnly = (l: Listener) => l.addrs.length > 0 && l.addrs.every((a) => LOOPBACK.test(a));

export function readListeners(root: string): Listener[] {
  const proc = join(root, "proc");
  const socks = readSockets(proc).filter(isListener);
  const owners = socks.length ? socketOwners(proc) : new Map();
  const byKey = new Map<string, Listener>();
  for (const s of socks) {
    const proto = s.proto.startsWith("tcp") ? "tcp" as const : "udp" as const;
    const key = `${proto}:${s.port}`;
    const l = byKey.get(key) ?? { key, proto, port: s.port, addrs: [], pid: null, comm: null };
    if (!l.addrs.includes(s.local)) l.addrs.push(s.local);
    const o = owners.get(s.inode);
    if (o && l.pid === null) { l.pid = o.pid; l.comm = o.comm; }
    byKey.set(key, l);
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export const readSessions = (root: string, ports: readonly number[]) => establishedPeers(ports, join(root, "proc"));
