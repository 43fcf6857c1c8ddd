// What the first-boot setup accepts, checked before anything is written: an OpenSSH public key, a
// hostname (RFC 1123 label), and a static address, gateway and nameservers. Each check returns the
// clean value or says what was wrong and what is wanted, in words a person at a console can act on.
import { isIP } from "node:net";
import { type AuthorizedKey, parseKey } from "../../../tools/users/passwd.ts";
import { errorMessage } from "../../../runtime/errors.ts";

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };
const bad = (problem: string) => ({ ok: false as const, problem });
const good = <T>(value: T) => ({ ok: true as const, value });

const KEY_HINT = "paste the one line of your .pub file (ssh-ed25519 AAAA... you@host; ssh-keygen -t ed25519 makes one)";

/** One public key line: ssh-ed25519, ssh-rsa, ecdsa-sha2-* or sk-* with a base64 body whose type matches. */
export function checkSshKey(input: string): Checked<AuthorizedKey> {
  const line = input.trim();
  if (/PRIVATE KEY/.test(line)) return bad(`that is a private key: never paste it anywhere. ${KEY_HINT}`);
  if (/^(ssh-dss|ssh-dsa)\s/.test(line)) return bad(`DSA keys are refused (too weak); ${KEY_HINT}`);
  if (/^(no-|command=|from=|environment=|restrict|permit)/.test(line)) return bad(`options before the key are not accepted here; ${KEY_HINT}`);
  const type = line.split(/\s+/)[0] ?? "";
  if (!/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/.test(type)) {
    return bad(`"${type.slice(0, 30)}" is not an ssh public key type (ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256/384/521); ${KEY_HINT}`);
  }
  const body = line.split(/\s+/)[1] ?? "";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length < 40) return bad(`the key's body after ${type} is not base64 (was the line cut short?); ${KEY_HINT}`);
  try {
    return good(parseKey(line));
  } catch (err) {
    return bad(`${errorMessage(err)}: the body does not hold a ${type} key (was it cut or mistyped?); ${KEY_HINT}`);
  }
}

/** A hostname: one RFC 1123 label, 1-63 letters, digits and inner dashes; kept lowercase. */
export function checkHostname(input: string): Checked<string> {
  const name = input.trim().toLowerCase();
  if (!name) return bad("a hostname cannot be empty");
  if (name.length > 63) return bad(`"${name.slice(0, 20)}..." is ${name.length} characters; a hostname has at most 63`);
  if (name.includes(".")) return bad(`give the host's own name without a domain (e.g. ${name.split(".")[0]})`);
  if (!/^[a-z0-9-]+$/.test(name)) return bad(`"${name}" has characters a hostname cannot have: use letters, digits and dashes`);
  if (name.startsWith("-") || name.endsWith("-")) return bad(`"${name}" starts or ends with a dash; a hostname cannot`);
  return good(name);
}

/** An address with its prefix length (192.0.2.10/24, 2001:db8::10/64), not a network or broadcast address. */
export function checkAddress(input: string): Checked<string> {
  const v = input.trim();
  const [addr = "", prefix, ...rest] = v.split("/");
  const family = isIP(addr);
  if (!family) return bad(`"${addr}" is not an IPv4 or IPv6 address; write it with its prefix, e.g. 192.168.1.10/24`);
  if (prefix === undefined || rest.length) return bad(`give the prefix length too, e.g. ${addr}/24 (a 255.255.255.0 netmask is /24)`);
  const bits = Number(prefix), max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || bits < 1 || bits > max) return bad(`the prefix length must be from 1 to ${max}, not "${prefix}"`);
  if (family === 4 && bits < 31) {
    const n = addr.split(".").reduce((a, o) => a * 256 + Number(o), 0), host = 2 ** (32 - bits) - 1;
    if ((n & host) === 0 || (n & host) === host) return bad(`${addr} is the network's ${(n & host) === 0 ? "own" : "broadcast"} address for /${bits}; choose a host address`);
  }
  return good(`${addr}/${bits}`);
}

/** A gateway in the address's subnet (IPv4); empty means none. */
export function checkGateway(input: string, address: string): Checked<string> {
  const gw = input.trim();
  if (!gw) return good("");
  if (!isIP(gw)) return bad(`"${gw}" is not an IP address`);
  const [addr = "", prefix = "32"] = address.split("/");
  if (isIP(addr) !== isIP(gw)) return bad(`the gateway ${gw} is not of the same IP version as ${address}`);
  if (isIP(gw) === 4) {
    const num = (a: string) => a.split(".").reduce((x, o) => x * 256 + Number(o), 0) >>> 0;
    const mask = Number(prefix) === 0 ? 0 : (~0 << (32 - Number(prefix))) >>> 0;
    if (((num(gw) & mask) >>> 0) !== ((num(addr) & mask) >>> 0)) return bad(`the gateway ${gw} is not in ${address}'s subnet; it must be reachable directly`);
    if (gw === addr) return bad("the gateway cannot be this machine's own address");
  }
  return good(gw);
}

/** Nameservers, separated by spaces or commas: up to three addresses; empty means none. */
export function checkDns(input: string): Checked<string[]> {
  const list = input.split(/[\s,]+/).filter(Boolean);
  const wrong = list.find((a) => !isIP(a));
  if (wrong) return bad(`"${wrong}" is not an IP address (nameservers are given by address, e.g. 192.168.1.1 9.9.9.9)`);
  if (list.length > 3) return bad(`at most 3 nameservers, got ${list.length}`);
  return good(list);
}
