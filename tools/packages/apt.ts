// apt and dpkg command lines, and the parser for apt's simulation (`apt-get -s`), which is the
// effects preview of every package change: apt itself resolves what would be installed or removed.
import type { Effect } from "../../runtime/policy/effects.ts";

export interface AptConfig {
  /** Extra `-o` options: tests point apt at a private state, cache, sources list and dpkg root. */
  aptOptions?: string[];
}

export const APT_ENV = { DEBIAN_FRONTEND: "noninteractive", APT_LISTCHANGES_FRONTEND: "none" };

export function aptGet(cfg: AptConfig, args: string[]): string[] {
  return ["apt-get", ...(cfg.aptOptions ?? []), "-q", "-o", "Dpkg::Use-Pty=0", ...args];
}

/**
 * "Inst name (new ...)" installs, "Inst name [old] (new ...)" upgrades, "Remv name [old]" removes.
 * "Conf" lines repeat installs and are ignored.
 */
export function parseSimulation(out: string): Effect[] {
  const effects: Effect[] = [];
  for (const line of out.split("\n")) {
    let m = line.match(/^Inst (\S+) \[([^\]]+)\] \((\S+)/);
    if (m) { effects.push({ kind: "package.upgrade", name: m[1]!, from: m[2]!, to: m[3]! }); continue; }
    m = line.match(/^Inst (\S+) \((\S+)/);
    if (m) { effects.push({ kind: "package.install", name: m[1]!, version: m[2]! }); continue; }
    m = line.match(/^Remv (\S+)(?: \[([^\]]+)\])?/);
    if (m) effects.push({ kind: "package.remove", name: m[1]!, version: m[2] ?? "" });
  }
  return effects;
}
