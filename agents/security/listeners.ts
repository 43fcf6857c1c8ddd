// Listening sockets, merged per protocol and port (IPv4 and IPv6 together), each with the process
// that owns it; and the peers of established sessions on the operator ports.
import { join } from "node:path";
import type { Runner } from "../../runtime/proc/exec.ts";
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

/**
 * Fills in owners the /proc scan could not see (an unprivileged observer may not read other users'
 * fd links): `ss -Htulnp` names them, and the agent host's runner hands that read to the executor.
 */
export async function fillOwners(listeners: Listener[], runner: Runner): Promise<void> {
  if (!listeners.some((l) => l.pid === null)) return;
  let out: string;
  try { out = (await runner.run(["ss", "-Htulnp"], { check: false, timeoutMs: 5000 })).stdout; } catch { return; }
  for (const o of parseSsOwners(out)) {
    const l = listeners.find((x) => x.key === `${o.proto}:${o.port}` && x.pid === null);
    if (l) { l.pid = o.pid; l.comm = o.comm; }
  }
}

/** `ss -Htulnp` lines → protocol, port and the first owning process. */
export function parseSsOwners(text: string): { proto: "tcp" | "udp"; port: number; pid: number; comm: string }[] {
  const out: { proto: "tcp" | "udp"; port: number; pid: number; comm: string }[] = [];
  for (const line of text.split("\n")) {
    const m = /^(tcp|udp)\s+\S+\s+\d+\s+\d+\s+(\S+):(\d+)\s+\S+\s+users:\(\("((?:[^"\\]|\\.){1,64})",pid=(\d+)/.exec(line.trim());
    if (m) out.push({ proto: m[1] as "tcp" | "udp", port: Number(m[3]), pid: Number(m[5]), comm: m[4]! });
  }
  return out;
}
