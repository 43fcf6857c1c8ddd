// The argv a service is actually started with: its command, wrapped in setpriv(1) when it must run as
// another user or with no_new_privs. (Bun.spawn cannot change uid itself.)
import { readFileSync } from "node:fs";
import type { ServiceSpec } from "./spec/types.ts";

export const SETPRIV = "/usr/bin/setpriv";

/** The primary group id of a user (name or uid) from /etc/passwd; undefined if there is no such user. */
export function primaryGid(user: string, passwd = "/etc/passwd"): string | undefined {
  try {
    const line = readFileSync(passwd, "utf8").split("\n").map((l) => l.split(":")).find((f) => f[0] === user || f[2] === user);
    return line?.[3];
  } catch { return undefined; }
}

export function launchArgv(spec: ServiceSpec, gidOf: (user: string) => string | undefined = primaryGid): string[] {
  const caps = spec.capabilities ?? [];
  if (!spec.user && !spec.group && !spec.noNewPrivs && caps.length === 0) return spec.command;
  const wrap = [SETPRIV];
  if (spec.user) {
    const gid = spec.group ?? gidOf(spec.user);
    if (gid === undefined) throw new Error(`no such user "${spec.user}" in /etc/passwd`);
    wrap.push(`--reuid=${spec.user}`, `--regid=${gid}`, "--init-groups");
  }
  else if (spec.group) wrap.push(`--regid=${spec.group}`, "--clear-groups");
  if (caps.length) {
    // Ambient capabilities survive the uid change; the bounding set keeps anything else out for good.
    const list = caps.map((c) => `+${c}`).join(",");
    wrap.push(`--inh-caps=-all,${list}`, `--ambient-caps=${list}`, `--bounding-set=-all,${list}`);
  }
  if (spec.noNewPrivs) wrap.push("--no-new-privs");
  return [...wrap, "--", ...spec.command];
}
