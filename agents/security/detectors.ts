// Detectors: each checks one kind of thing against the settings and the baseline, and returns plain
// findings. Pure: the observation in, findings out. Untrusted text reaches findings clipped, as data.
import { BlockList, isIP } from "node:net";
import type { Detector, Finding } from "../loop/types.ts";
import { diffItems } from "./identity.ts";
import { loopbackOnly } from "./listeners.ts";
import { listenerId, type SecurityObs } from "./observe.ts";
import { isLoose, type SuidFile, tightened } from "./perms.ts";
import { clip } from "./settings.ts";

export const KINDS = {
  listener: "security.listener.unexpected",
  identity: "security.identity.changed",
  suid: "security.suid.new",
  secret: "security.secret.loose",
  bruteForce: "security.ssh.bruteforce",
} as const;

const octal = (m: number) => `0${m.toString(8).padStart(3, "0")}`;
const MAX_ITEMS = 20;

export const listenerDetector: Detector<SecurityObs> = {
  name: "unexpected-listener",
  detect(obs) {
    const st = obs.settings;
    return obs.listeners.filter((l) => !st.expectedListeners.includes(l.key) && !(st.loopbackOk && loopbackOnly(l)) && !obs.baseline.listeners.includes(listenerId(l))).map((l) => ({
      kind: KINDS.listener, key: `${KINDS.listener}:${l.key}`, severity: "critical",
      summary: `unexpected ${l.proto} listener on port ${l.port}${l.comm ? ` (${clip(l.comm, 32)}, pid ${l.pid})` : ""}`,
      evidence: [`${l.key} on ${l.addrs.join(", ")}`, l.pid ? `owned by pid ${l.pid} ${clip(l.comm ?? "?", 32)}` : "owner not found"],
      facts: { proto: l.proto, port: l.port, addrs: l.addrs, pid: l.pid, comm: l.comm === null ? null : clip(l.comm, 32), protected: l.comm !== null && st.neverStop.includes(l.comm), block: st.block },
    }));
  },
};

export const identityDetector: Detector<SecurityObs> = {
  name: "identity-changed",
  detect(obs) {
    return obs.identity.flatMap((f): Finding[] => {
      const b = obs.baseline.identity[f.path] ?? { sha256: null, items: [] };
      if (b.sha256 === f.sha256) return [];
      const d = diffItems(b.items, f.items);
      const change = b.sha256 === null ? "created" : f.sha256 === null ? "deleted" : "modified";
      const summary = `${f.path} ${change}: ${d.added.length} entr${d.added.length === 1 ? "y" : "ies"} added, ${d.removed.length} removed`;
      return [{
        kind: KINDS.identity, key: `${KINDS.identity}:${f.path}:${(f.sha256 ?? "absent").slice(0, 12)}`, severity: "critical", summary,
        evidence: [...d.added.slice(0, 5).map((x) => `+ ${x}`), ...d.removed.slice(0, 5).map((x) => `- ${x}`)],
        facts: { path: f.path, file: f.kind, change, added: d.added.slice(0, MAX_ITEMS), removed: d.removed.slice(0, MAX_ITEMS), added_count: d.added.length, removed_count: d.removed.length },
      }];
    });
  },
};

/** New SUID/SGID files against a baseline list; shared by the per-cycle watch and the daily sweep. */
export function suidFindings(files: readonly SuidFile[], baseline: readonly string[]): Finding[] {
  return files.filter((f) => !baseline.includes(f.path)).map((f) => ({
    kind: KINDS.suid, key: `${KINDS.suid}:${f.path}`, severity: f.uid === 0 ? "critical" : "warning",
    summary: `new ${f.mode & 0o4000 ? "setuid" : "setgid"} file ${clip(f.path, 200)} (mode ${octal(f.mode)}, owner uid ${f.uid})`,
    evidence: [`${clip(f.path, 200)} mode ${octal(f.mode)} uid ${f.uid}`],
    facts: { path: f.path, mode: f.mode, uid: f.uid, new_mode: f.mode & ~0o6000 },
  }));
}

export const suidDetector: Detector<SecurityObs> = { name: "new-suid", detect: (obs) => suidFindings(obs.suid, obs.baseline.suid) };

export const secretDetector: Detector<SecurityObs> = {
  name: "loose-secret",
  detect(obs) {
    return obs.secrets.filter(isLoose).map((m) => ({
      kind: KINDS.secret, key: `${KINDS.secret}:${m.path}`, severity: "warning",
      summary: `${m.path} has mode ${octal(m.mode)}, looser than ${octal(m.max)}`,
      evidence: [`${m.path} ${m.dir ? "directory" : "file"} mode ${octal(m.mode)}`],
      facts: { path: m.path, mode: m.mode, max: m.max, new_mode: tightened(m), dir: m.dir },
    }));
  },
};

export function covers(prefixes: readonly string[], addr: string): boolean {
  const v = isIP(addr);
  if (v === 0) return false;
  const list = new BlockList();
  for (const p of prefixes) {
    const [ip = "", bits] = p.split("/");
    const pv = isIP(ip);
    if (pv === 0) continue;
    if (bits === undefined) list.addAddress(ip, pv === 4 ? "ipv4" : "ipv6");
    else list.addSubnet(ip, Number(bits), pv === 4 ? "ipv4" : "ipv6");
  }
  return list.check(addr, v === 4 ? "ipv4" : "ipv6");
}

export const bruteForceDetector: Detector<SecurityObs> = {
  name: "ssh-brute-force",
  detect(obs) {
    const st = obs.settings;
    const since = obs.at - st.bruteForceWindowS * 1000;
    const byAddr = new Map<string, typeof obs.sshFailures>();
    for (const f of obs.sshFailures) if (f.ts >= since) byAddr.set(f.addr, [...(byAddr.get(f.addr) ?? []), f]);
    return [...byAddr].flatMap(([addr, fs]): Finding[] => {
      const n = fs.reduce((a, f) => a + f.count, 0);
      if (n < st.bruteForceFailures) return [];
      const users = [...new Set(fs.map((f) => f.user))].slice(0, 5);
      return [{
        kind: KINDS.bruteForce, key: `${KINDS.bruteForce}:${addr}`, severity: "critical",
        summary: `${n} failed ssh logins from ${addr} in ${st.bruteForceWindowS} s`,
        evidence: fs.slice(-3).map((f) => f.line),
        facts: { addr, failures: n, window_s: st.bruteForceWindowS, users, operator: obs.sessions.includes(addr), never_block: covers(st.neverBlock, addr), block: st.block },
      }];
    });
  },
};

export const detectors = [listenerDetector, identityDetector, suidDetector, secretDetector, bruteForceDetector];
