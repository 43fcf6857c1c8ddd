// The argv a service is actually started with: its command, wrapped in setpriv(1) when it must run as
// another user, with fewer capabilities or with no_new_privs (Bun.spawn cannot change uid itself), and
// in unshare(1) first when paths must be read-only for it: the mounts are made while it still has the
// powers to make them, in its own mount namespace, and setpriv then drops those powers for good. No
// wrapper forks, so init's pid is the service's pid (readiness checks it).
import { chmodSync, chownSync, mkdirSync, readFileSync } from "node:fs";
import type { ServiceSpec } from "./spec/types.ts";

export const SETPRIV = "/usr/bin/setpriv";
export const UNSHARE = "/usr/bin/unshare";
/** Bind each path over itself read-only, then exec the rest; a mount that fails stops the start. */
export const READ_ONLY_SCRIPT = 'while [ "$1" != -- ]; do /bin/mount --bind "$1" "$1" && /bin/mount -o remount,bind,ro "$1" "$1" || exit 126; shift; done; shift; exec "$@"';

/** The primary group id of a user (name or uid) from /etc/passwd; undefined if there is no such user. */
export function primaryGid(user: string, passwd = "/etc/passwd"): string | undefined {
  const ids = userIds(user, passwd);
  return ids && String(ids.gid);
}

/** uid and primary gid of a user (name or uid) from /etc/passwd; undefined if there is no such user. */
export function userIds(user: string, passwd = "/etc/passwd"): { uid: number; gid: number } | undefined {
  try {
    const f = readFileSync(passwd, "utf8").split("\n").map((l) => l.split(":")).find((f) => f[0] === user || f[2] === user);
    return f ? { uid: Number(f[2]), gid: Number(f[3]) } : undefined;
  } catch { return undefined; }
}

/** Makes the service's runtime_dir (again, at every start) its user's, with its mode; root's without a user. */
export function prepareRuntimeDir(spec: ServiceSpec, idsOf: (user: string) => { uid: number; gid: number } | undefined = userIds): void {
  if (!spec.runtimeDir) return;
  const ids = spec.user ? idsOf(spec.user) : { uid: 0, gid: 0 };
  if (!ids) throw new Error(`no such user "${spec.user}" in /etc/passwd`);
  const gid = spec.group === undefined ? ids.gid : /^\d+$/.test(spec.group) ? Number(spec.group) : groupId(spec.group);
  if (gid === undefined) throw new Error(`no such group "${spec.group}" in /etc/group`);
  mkdirSync(spec.runtimeDir.path, { recursive: true });
  chownSync(spec.runtimeDir.path, ids.uid, gid);
  chmodSync(spec.runtimeDir.path, spec.runtimeDir.mode);
}

function groupId(name: string, file = "/etc/group"): number | undefined {
  try {
    const f = readFileSync(file, "utf8").split("\n").map((l) => l.split(":")).find((f) => f[0] === name);
    return f ? Number(f[2]) : undefined;
  } catch { return undefined; }
}

export function launchArgv(spec: ServiceSpec, gidOf: (user: string) => string | undefined = primaryGid): string[] {
  const inner = privArgv(spec, gidOf);
  const ro = spec.readOnlyPaths ?? [];
  if (ro.length === 0) return inner;
  return [UNSHARE, "--mount", "--propagation", "private", "--", "/bin/sh", "-c", READ_ONLY_SCRIPT, "aios-ro", ...ro, "--", ...inner];
}

function privArgv(spec: ServiceSpec, gidOf: (user: string) => string | undefined): string[] {
  const caps = spec.capabilities;
  if (!spec.user && !spec.group && !spec.noNewPrivs && caps === undefined) return spec.command;
  const wrap = [SETPRIV];
  if (spec.user) {
    const gid = spec.group ?? gidOf(spec.user);
    if (gid === undefined) throw new Error(`no such user "${spec.user}" in /etc/passwd`);
    wrap.push(`--reuid=${spec.user}`, `--regid=${gid}`, "--init-groups");
  }
  else if (spec.group) wrap.push(`--regid=${spec.group}`, "--clear-groups");
  if (caps?.length) {
    // Ambient capabilities survive the uid change; the bounding set keeps anything else out for good.
    const list = caps.map((c) => `+${c}`).join(",");
    wrap.push(`--inh-caps=-all,${list}`, `--ambient-caps=${list}`, `--bounding-set=-all,${list}`);
  } else if (caps) {
    // None at all: with an empty bounding set even uid 0 starts its program with CapEff 0.
    wrap.push("--inh-caps=-all", "--bounding-set=-all");
  }
  if (spec.noNewPrivs) wrap.push("--no-new-privs");
  return [...wrap, "--", ...spec.command];
}
