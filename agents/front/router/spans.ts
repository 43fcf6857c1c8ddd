// Lifts structured values out of the raw text before it is tokenised: ssh public keys, IP addresses
// and prefixes, paths, "443/udp", "#12", ISO dates, snapshot ids and key comments such as me@laptop.
// Each becomes a placeholder token ("<addr>") so the classifier sees that a value was there.
import { isIPv4, isIPv6 } from "node:net";

export interface Lifted {
  key?: string;
  keyComment?: string;
  addr?: string;
  path?: string;
  port?: number;
  proto?: "tcp" | "udp";
  incident?: number;
  date?: number;
  snapshot?: string;
  label?: string;
}

const KEY = /(?:^|\s)((?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)\s+AAAA[A-Za-z0-9+/]+={0,3})(?:\s+([^\s]+))?/g;
const IPV6 = /(?<![\w:.])((?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F.]{0,15})(\/\d{1,3})?(?![\w:])/g;
const IPV4 = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})?(?![\w.])/g;
const PORT_PROTO = /(?<![\w.])(\d{1,5})\s*\/\s*(tcp|udp)\b/gi;
const SNAPSHOT = /\bsnap-[\w-]+/g;
const INCIDENT = /(?<![\w&])#\s?(\d{1,7})\b/g;
const DATE = /\b(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2}))?)?\b/gi;
const LABEL = /(?<![\w.@-])([\w.-]+@[\w.-]*\w)/g;
const PATH = /(?<![\w.~/-])(\/(?:[\w.@+-]+\/?)*)/g;

/** Replaces lifted spans by placeholders; returns the rewritten text and the values found (first wins). */
export function lift(text: string): { text: string; found: Lifted } {
  const f: Lifted = {};
  // Each pattern runs only when its telltale character is there: most chat lines hold no span at all.
  let t = text;
  const has = (c: string) => t.includes(c);
  if (has("AAAA")) t = t.replace(KEY, (_m, key: string, comment?: string) => {
    f.key ??= comment ? `${key} ${comment}` : key;
    if (comment && f.keyComment === undefined) f.keyComment = comment;
    return " <key> ";
  });
  if (has("/")) t = t.replace(PORT_PROTO, (m, port: string, proto: string) => {
    const n = Number(port);
    if (n < 1 || n > 65535) return m;
    f.port ??= n;
    f.proto ??= proto.toLowerCase() as "tcp" | "udp";
    return " <port> ";
  });
  if (has(":")) t = t.replace(IPV6, (m, ip: string, prefix?: string) => {
    if (!isIPv6(ip) || (prefix && Number(prefix.slice(1)) > 128)) return m;
    f.addr ??= (ip + (prefix ?? "")).toLowerCase();
    return " <addr> ";
  });
  if (has(".")) t = t.replace(IPV4, (m, ip: string, prefix?: string) => {
    if (!isIPv4(ip) || (prefix && Number(prefix.slice(1)) > 32)) return m;
    f.addr ??= ip + (prefix ?? "");
    return " <addr> ";
  });
  if (has("snap-")) t = t.replace(SNAPSHOT, (m) => { f.snapshot ??= m; return " <snapshot> "; });
  if (has("#")) t = t.replace(INCIDENT, (_m, n: string) => { f.incident ??= Number(n); return " <incident> "; });
  if (has("-")) t = t.replace(DATE, (m, y: string, mo: string, d: string, h?: string, mi?: string, s?: string) => {
    const at = new Date(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)).getTime();
    if (Number.isNaN(at) || Number(mo) > 12 || Number(d) > 31) return m;
    f.date ??= at;
    return " <date> ";
  });
  if (has("@")) t = t.replace(LABEL, (_m, label: string) => { f.label ??= label; return " <label> "; });
  if (has("/")) t = t.replace(PATH, (m, path: string) => {
    if (path.length < 2) return m;
    f.path ??= path.length > 1 ? path.replace(/\/$/, "") : path;
    return " <path> ";
  });
  return { text: t, found: f };
}
