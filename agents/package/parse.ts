// Pure readers of apt's and dpkg's output for the package agent: pending upgrades from apt's
// simulation (with the releases each comes from, to mark security ones), holds and unhealthy states.
// Package text is data: names and versions are matched by pattern, everything else is dropped.

export interface Upgrade {
  name: string;
  from: string;
  to: string;
  /** Where the new version comes from, as apt prints it: "Label:Version/Suite", one per release. */
  releases: string[];
  security: boolean;
}

/** A release is a security one by its suite ("bookworm-security") or its label ("Debian-Security"). */
export function isSecurityRelease(rel: string): boolean {
  const [label = "", rest = ""] = rel.split(":", 2);
  const suite = rest.split("/").slice(1).join("/");
  return /-security$/i.test(suite) || /security/i.test(label);
}

/** "Inst name [old] (new Label:Ver/Suite, … [arch])" lines of `apt-get -s upgrade`. */
export function parseUpgrades(sim: string): Upgrade[] {
  const out: Upgrade[] = [];
  for (const line of sim.split("\n")) {
    const m = line.match(/^Inst ([a-z0-9][a-z0-9+.-]*) \[([^\]\s]+)\] \((\S+)((?: [^[\]()]+)?)(?: \[[^\]]*\])?\)/);
    if (!m) continue;
    const releases = m[4]!.split(",").map((r) => r.trim()).filter(Boolean);
    out.push({ name: m[1]!, from: m[2]!, to: m[3]!, releases, security: releases.some(isSecurityRelease) });
  }
  return out;
}

/** Names apt listed under "The following packages have been kept back:" (held, or needing new deps). */
export function parseKeptBack(sim: string): string[] {
  const lines = sim.split("\n");
  const i = lines.findIndex((l) => /^The following packages have been kept back:/.test(l));
  if (i < 0) return [];
  const names: string[] = [];
  for (const l of lines.slice(i + 1)) {
    if (!/^\s/.test(l)) break;
    names.push(...l.trim().split(/\s+/).filter((n) => /^[a-z0-9][a-z0-9+.-]*$/.test(n)));
  }
  return names;
}

export interface PkgStatus { name: string; version: string; want: string; state: string }

/** dpkg's status file: each stanza's Package, Version and "Status: want flag state". */
export function parseStatusFile(text: string): PkgStatus[] {
  const out: PkgStatus[] = [];
  for (const stanza of text.split(/\n\n+/)) {
    const field = (k: string) => stanza.match(new RegExp(`^${k}: (.*)$`, "m"))?.[1]?.trim() ?? "";
    const name = field("Package");
    const [want = "", , state = ""] = field("Status").split(/\s+/);
    if (name) out.push({ name, version: field("Version"), want, state });
  }
  return out;
}

/** `dpkg --audit` prints nothing when all is well; otherwise explanations and package lines. */
export function parseAudit(out: string, limit = 20): string[] {
  return out.split("\n").map((l) => l.trimEnd()).filter(Boolean).slice(0, limit).map((l) => l.slice(0, 200));
}
