// Reads users from passwd and authorized_keys files, and fingerprints keys the way ssh-keygen -l
// does (SHA256 of the key blob, base64 without padding), so people recognise what they approve.
import { existsSync, readFileSync } from "node:fs";
import { UserError } from "../../runtime/errors.ts";

export interface PasswdUser { name: string; uid: number; gid: number; home: string; shell: string }

export function readPasswd(path: string): PasswdUser[] {
  return readFileSync(path, "utf8").split("\n").filter((l) => l && !l.startsWith("#")).map((l) => {
    const [name, , uid, gid, , home, shell] = l.split(":");
    return { name: name!, uid: Number(uid), gid: Number(gid), home: home ?? "/", shell: shell ?? "" };
  });
}

export interface AuthorizedKey { line: string; type: string; fingerprint: string; comment: string }

const KEY = /^(?:(\S+)\s+)?(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)\s+([A-Za-z0-9+/]+={0,2})(?:\s+(.*))?$/;

export function parseKey(line: string): AuthorizedKey {
  const m = line.trim().match(KEY);
  if (!m) throw new UserError("not an OpenSSH public key", "paste one line like `ssh-ed25519 AAAA… comment`");
  const blob = Buffer.from(m[3]!, "base64");
  // The blob starts with the key type as an SSH string: a key whose body disagrees is malformed.
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (len <= 0 || blob.subarray(4, 4 + len).toString() !== m[2]) throw new UserError(`malformed ${m[2]} key`);
  const fp = new Bun.CryptoHasher("sha256").update(blob).digest("base64").replace(/=+$/, "");
  return { line: line.trim(), type: m[2]!, fingerprint: `SHA256:${fp}`, comment: m[4] ?? "" };
}

export function readKeys(path: string): AuthorizedKey[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim() && !l.trim().startsWith("#")).flatMap((l) => {
    try { return [parseKey(l)]; } catch { return []; }
  });
}
