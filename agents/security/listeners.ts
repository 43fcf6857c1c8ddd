// Listening sockets, merged per protocol and port (IPv4 and IPv6 together), each with the process
// that owns it; and the peers of established sessions on the operator ports.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Runner } from "../../runtime/proc/exec.ts";
import { establishedPeers, isListener, readSockets, type Sock, socketOwners } from "../../runtime/proc/sockets.ts";

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
  return group(socks, socks.length ? socketOwners(proc) : new Map());
}

function group(socks: Sock[], owners: Map<number, { pid: number; comm: string }>): Listener[] {
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

/** The owners last found, by /proc root: valid while the same listening socket inodes exist. */
const ownerCache = new Map<string, { inodes: string; at: number; owners: Map<string, { pid: number | null; comm: string | null }> }>();

/**
 * Listeners with their owners, as readListeners then fillOwners, but the owner search (a scan of every
 * process's fd links, and `ss -Htulnp` through the executor for what that scan cannot see) runs only
 * when the set of listening socket inodes changed, an owner's comm changed or exited, or `rescanMs`
 * passed. A socket keeps its inode for its life, so a new listener (or the same port re-bound by
 * another process) always has a new inode and is looked up in the same cycle.
 */
export async function readOwnedListeners(root: string, runner: Runner, rescanMs: number, now = Date.now(), all: Sock[] = readSockets(join(root, "proc"))): Promise<Listener[]> {
  const proc = join(root, "proc");
  const socks = all.filter(isListener);
  const inodes = [...new Set(socks.map((s) => s.inode))].sort((a, b) => a - b).join(",");
  const have = ownerCache.get(proc);
  if (have && have.inodes === inodes && now - have.at < rescanMs && now >= have.at && ownersAlive(proc, have.owners)) {
    const ls = group(socks, new Map());
    for (const l of ls) { const o = have.owners.get(l.key); if (o) { l.pid = o.pid; l.comm = o.comm; } }
    return ls;
  }
  const ls = group(socks, socks.length ? socketOwners(proc) : new Map());
  await fillOwners(ls, runner);
  ownerCache.set(proc, { inodes, at: now, owners: new Map(ls.map((l) => [l.key, { pid: l.pid, comm: l.comm }])) });
  return ls;
}

/** Every cached owner still runs under the same name (an exec keeps the socket, not the comm). */
function ownersAlive(proc: string, owners: Map<string, { pid: number | null; comm: string | null }>): boolean {
  for (const o of owners.values()) {
    if (o.pid === null) continue;
    let comm: string;
    try { comm = readFileSync(`${proc}/${o.pid}/comm`, "utf8").trim(); } catch { return false; }
    if (comm !== o.comm) return false;
  }
  return true;
}

/** establishedPeers from sockets already read (reading /proc/net/tcp costs the kernel a table walk). */
export function sessionsOf(socks: readonly Sock[], ports: readonly number[]): string[] {
  return [...new Set(socks.filter((s) => s.proto.startsWith("tcp") && s.state === 0x01 && ports.includes(s.port)).map((s) => s.remote))].sort();
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
