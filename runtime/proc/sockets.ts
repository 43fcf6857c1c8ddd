// Sockets from /proc/net/{tcp,tcp6,udp,udp6}: listeners (with the owning process, found through the
// socket inode in /proc/<pid>/fd) and the peers of established sessions. Read-only, no commands.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export type SockProto = "tcp" | "tcp6" | "udp" | "udp6";
export interface Sock { proto: SockProto; local: string; port: number; remote: string; remotePort: number; state: number; inode: number }

const LISTEN = 0x0a, ESTABLISHED = 0x01, UDP_UNCONN = 0x07;

/** "0100007F:1F90" → ["127.0.0.1", 8080]; IPv6 is four little-endian 32-bit words. */
export function decodeAddr(hex: string): [string, number] {
  const [a = "", p = "0"] = hex.split(":");
  const port = parseInt(p, 16);
  if (a.length === 8) return [[3, 2, 1, 0].map((i) => parseInt(a.slice(i * 2, i * 2 + 2), 16)).join("."), port];
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) for (const i of [3, 2, 1, 0]) bytes.push(parseInt(a.slice(w * 8 + i * 2, w * 8 + i * 2 + 2), 16));
  // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 peer: that is how operators are compared.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return [bytes.slice(12).join("."), port];
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!).toString(16));
  return [compress6(groups), port];
}

function compress6(g: string[]): string {
  let best = -1, len = 0;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && g[j] === "0") j++;
    if (j - i > len && j - i > 1) { best = i; len = j - i; }
  }
  if (best < 0) return g.join(":");
  return `${g.slice(0, best).join(":")}::${g.slice(best + len).join(":")}`;
}

export function parseProcNet(text: string, proto: SockProto): Sock[] {
  return text.split("\n").slice(1).flatMap((line) => {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) return [];
    const [local, port] = decodeAddr(f[1]!);
    const [remote, remotePort] = decodeAddr(f[2]!);
    return [{ proto, local, port, remote, remotePort, state: parseInt(f[3]!, 16), inode: Number(f[9]) }];
  });
}

export function readSockets(procRoot = "/proc"): Sock[] {
  return (["tcp", "tcp6", "udp", "udp6"] as const).flatMap((p) => {
    try { return parseProcNet(readFileSync(`${procRoot}/net/${p}`, "utf8"), p); } catch { return []; }
  });
}

/** TCP in LISTEN, and bound UDP sockets (UDP has no listen state: unconnected with a local port). */
export const isListener = (s: Sock) => (s.proto.startsWith("tcp") ? s.state === LISTEN : s.state === UDP_UNCONN && s.port !== 0);

/** Peers of established TCP sessions to any of `ports`: where people are connected from right now. */
export function establishedPeers(ports: readonly number[], procRoot = "/proc"): string[] {
  const peers = readSockets(procRoot).filter((s) => s.proto.startsWith("tcp") && s.state === ESTABLISHED && ports.includes(s.port)).map((s) => s.remote);
  return [...new Set(peers)].sort();
}

/** socket inode → owning process, by scanning /proc/<pid>/fd links ("socket:[12345]"). */
export function socketOwners(procRoot = "/proc"): Map<number, { pid: number; comm: string }> {
  const owners = new Map<number, { pid: number; comm: string }>();
  let pids: string[] = [];
  try { pids = readdirSync(procRoot).filter((d) => /^\d+$/.test(d)); } catch { return owners; }
  for (const pid of pids) {
    let fds: string[];
    try { fds = readdirSync(`${procRoot}/${pid}/fd`); } catch { continue; } // gone, or not ours to read
    let comm = "?";
    try { comm = readFileSync(`${procRoot}/${pid}/comm`, "utf8").trim(); } catch { /* raced */ }
    for (const fd of fds) {
      let link: string;
      try { link = readlinkSync(`${procRoot}/${pid}/fd/${fd}`); } catch { continue; }
      const m = link.match(/^socket:\[(\d+)\]$/);
      if (m && !owners.has(Number(m[1]))) owners.set(Number(m[1]), { pid: Number(pid), comm });
    }
  }
  return owners;
}
