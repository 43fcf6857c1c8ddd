// apt and dpkg command lines, and the parser for apt's simulation (`apt-get -s`), which is the
// effects preview of every package change: apt itself resolves what would be installed or removed.
import type { Effect } from "../../runtime/policy/effects.ts";

export interface AptConfig {
  /** Extra `-o` options: tests point apt at a private state, cache, sources list and dpkg root. */
  aptOptions?: string[];
  /** dpkg options for the same private root (tests: --root, --admindir, chrootless scripts). */
  dpkgOptions?: string[];
  /** Where the appliance keeps the .debs apt installed ({state_dir}/packages; tests: a temp dir). */
  keptDebs?: string[];
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

export interface DpkgState { name: string; version: string; state: string }

/** `dpkg-query -W -f '${Package}\t${Version}\t${db:Status-Status}\n'` output. */
export function parseDpkgStates(out: string): DpkgState[] {
  return out.split("\n").map((l) => l.split("\t")).filter((f) => f.length === 3 && f[0])
    .map(([name, version, state]) => ({ name: name!, version: version!, state: state! }));
}
