// Identity and credential files as hashes plus "items" — the parts a person needs to see what changed
// (user names, key fingerprints, sudoers lines, and for shadow only a digest per user, never a hash).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "../../tools/files/paths.ts";
import { parseKey, readPasswd } from "../../tools/users/passwd.ts";
import { clip } from "./settings.ts";

export type IdentityKind = "passwd" | "group" | "shadow" | "sudoers" | "authorized_keys";
/** sha256 null: the file does not exist. */
export interface IdentityFile { path: string; kind: IdentityKind; sha256: string | null; items: string[] }

const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));

export function itemsOf(kind: IdentityKind, text: string): string[] {
  const ls = lines(text);
  switch (kind) {
    case "passwd": return ls.map((l) => { const f = l.split(":"); return clip(`${f[0]} uid=${f[2]} gid=${f[3]} home=${f[5]} shell=${f[6]}`); });
    case "group": return ls.map((l) => { const f = l.split(":"); return clip(`${f[0]} gid=${f[2]} members=${f[3] ?? ""}`); });
    case "shadow": return ls.map((l) => `${clip(l.split(":")[0] ?? "", 32)} entry=${sha256(l).slice(0, 12)}`);
    case "sudoers": return ls.map((l) => clip(l));
    case "authorized_keys": return ls.map((l) => { try { const k = parseKey(l); return `${k.type} ${k.fingerprint}`; } catch { return `unparsed line ${sha256(l).slice(0, 12)}`; } });
  }
}

function kindOf(path: string): IdentityKind {
  if (path.endsWith("/authorized_keys")) return "authorized_keys";
  if (path.endsWith("/passwd")) return "passwd";
  if (path.endsWith("/shadow")) return "shadow";
  if (path.endsWith("/group")) return "group";
  return "sudoers";
}

/** The identity files to watch: the configured ones, sudoers.d's files, and every user's authorized_keys. */
export function identityPaths(root: string, files: readonly string[], sudoersDir: string): string[] {
  const paths = new Set(files);
  try { for (const f of readdirSync(join(root, sudoersDir))) paths.add(`${sudoersDir}/${f}`); } catch { /* none */ }
  const passwd = join(root, "etc/passwd");
  if (existsSync(passwd)) {
    for (const u of readPasswd(passwd)) if (u.home.startsWith("/") && u.home !== "/" && !u.home.includes("..")) paths.add(`${u.home.replace(/\/+$/, "")}/.ssh/authorized_keys`);
  }
  paths.add("/root/.ssh/authorized_keys");
  return [...paths].sort();
}

export function readIdentity(root: string, path: string): IdentityFile {
  const kind = kindOf(path);
  let data: Buffer;
  try { data = readFileSync(join(root, path)); } catch { return { path, kind, sha256: null, items: [] }; }
  return { path, kind, sha256: sha256(data), items: itemsOf(kind, data.toString("utf8")) };
}

/** Last reads by full path, valid while the file's stat (inode, size, mtime, ctime) is the same. */
const identityCache = new Map<string, { key: string; file: IdentityFile }>();
/** A file modified this recently may change again within the same timestamp: read it every time. */
const RACY_MS = 2000;

/** readIdentity, but a file whose stat has not changed since it was last read is not read or hashed again. */
export function readIdentityCached(root: string, path: string): IdentityFile {
  const full = join(root, path);
  const st = statSync(full, { throwIfNoEntry: false });
  const key = st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : "-";
  const have = identityCache.get(full);
  if (have?.key === key) return { ...have.file, items: [...have.file.items] };
  const file = readIdentity(root, path);
  if (st && Date.now() - Math.max(st.mtimeMs, st.ctimeMs) < RACY_MS) identityCache.delete(full);
  else identityCache.set(full, { key, file: { ...file, items: [...file.items] } });
  return file;
}

/** Items added and removed between two states, multiset-wise. */
export function diffItems(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const left = [...before];
  const added: string[] = [];
  for (const x of after) { const i = left.indexOf(x); if (i >= 0) left.splice(i, 1); else added.push(x); }
  return { added, removed: left };
}
