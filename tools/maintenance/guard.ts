// The hard guard of clean-up tools: whatever paths they are configured with, they never touch
// databases, models, snapshots, keys, configuration or the system's own trees. Checked on the real
// path in plan() and again in execute(), so a misconfigured clean-up path cannot reach them.
import { relative, resolve } from "node:path";

const DB = /(\.(db|sqlite3?)(-wal|-shm|-journal)?|-wal|-shm|-journal)$/i;
const KEY = /(\.(key|pem|p12|pfx|crt|gpg|asc)$|^id_(rsa|dsa|ecdsa|ed25519)|^authorized_keys2?$|_host_.*key|^ssh_host)/i;
const MODEL = /\.(gguf|ggml|safetensors|bin\.model)$/i;
/** Directory names whose contents are never clean-up material, wherever they appear. */
const PROTECTED_DIRS = new Set(["models", "snapshots", ".ssh", "ssh", "dropbear", "keys", "gnupg", "aios-config"]);
/** Trees under the root that hold the system, its configuration or people's files. */
const SYSTEM_TREES = ["etc", "usr", "bin", "sbin", "lib", "lib32", "lib64", "boot", "root", "home", "opt", "srv", "dev", "proc", "sys", "run"];
/** Under var/lib only these are disposable; the rest is package and service state. */
const VAR_LIB_OK = ["var/lib/aios/scratch", "var/lib/aios/log"];

/** Why `path` must not be compressed, truncated or deleted by housekeeping, or null when it may be. */
export function protectedReason(path: string, root = "/"): string | null {
  const rel = relative(resolve(root), resolve(path));
  if (rel === "" || rel.startsWith("..")) return `${path} is outside the system root`;
  const parts = rel.split("/");
  const name = parts[parts.length - 1]!;
  const under = (tree: string) => rel === tree || rel.startsWith(`${tree}/`);
  // The most specific reason first: what the file is, then where it is.
  if (DB.test(name)) return `${path} is a database file`;
  if (KEY.test(name)) return `${path} is a key or certificate`;
  if (MODEL.test(name)) return `${path} is a model file`;
  const dir = parts.slice(0, -1).find((p) => PROTECTED_DIRS.has(p));
  if (dir) return `${path} is under a ${dir}/ directory`;
  const tree = SYSTEM_TREES.find(under);
  if (tree) return `${path} is under /${tree}`;
  if (under("var/lib") && !VAR_LIB_OK.some(under)) return `${path} is package or service state under /var/lib`;
  return null;
}

/** For execute(): the plan was checked, but the world may have changed (a symlink swapped in). */
export function assertDisposable(path: string, root = "/"): void {
  const why = protectedReason(path, root);
  if (why) throw new Error(`refusing to touch ${path}: ${why}`);
}
