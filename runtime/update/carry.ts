// Package carry-over after an update. Each system (factory, slot a, slot b) has its own overlay upper
// layer, {state_dir}/overlay/<system>/upper, so a new image is never shadowed by an older system's /usr
// or dpkg database. Instead: apt keeps every .deb it installs in {state_dir}/packages
// (rootfs/usr/share/aios/keep-debs.sh); `aiosctl update` leaves carry-from (the system it ran on) and
// that system's image's dpkg status in the new slot's overlay folder; stage 1 starts the new upper
// layer with a copy of that system's /etc; and here, on the new system's first boot (the update
// service), the operator's packages the new image lacks are installed again with dpkg from the kept
// .debs. What came over and what failed (and why) goes into carried.json beside the upper layer
// (`aiosctl update status`) and the audit log.
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { syncDir, writeAtomic } from "../durable.ts";
import type { Runner } from "../proc/exec.ts";
import { keptDebsDir, overlayDir, type UpdatePaths } from "./slots.ts";
import type { SystemId } from "./state.ts";

export interface Installed { name: string; version: string; arch: string }
export interface CarryReport {
  from: SystemId;
  /** When it ran (ms since the epoch) and how long it took. */
  at: number;
  ms: number;
  carried: (Installed & { auto: boolean })[];
  failed: (Installed & { why: string })[];
}

/** Installed packages in a dpkg status file (stanzas; "Status: install ok installed"). */
export function parseDpkgStatus(text: string): Installed[] {
  return text.split(/\n\s*\n/).flatMap((stanza) => {
    const f = Object.fromEntries(stanza.split("\n").filter((l) => /^[\w-]+:/.test(l)).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]));
    return f.Package && f.Status?.split(" ")[2] === "installed" ? [{ name: f.Package, version: f.Version ?? "", arch: f.Architecture ?? "all" }] : [];
  });
}

/** Names apt marked as pulled in as dependencies (/var/lib/apt/extended_states). */
export function autoInstalled(text: string): Set<string> {
  return new Set(text.split(/\n\s*\n/).filter((s) => /^Auto-Installed: 1$/m.test(s)).map((s) => s.match(/^Package: (\S+)/m)?.[1] ?? ""));
}

/**
 * What the operator had installed on the old system (what its dpkg database lists beyond its own image's,
 * or at another version) and the new image does not ship: the new image's own version always wins, and
 * what the new image dropped from the old one stays dropped.
 */
export function carryPlan(oldStatus: string, newImageStatus: string, oldImageStatus = ""): Installed[] {
  const image = new Set(parseDpkgStatus(newImageStatus).map((p) => p.name));
  const asBuilt = new Set(parseDpkgStatus(oldImageStatus).map((p) => `${p.name}=${p.version}`));
  return parseDpkgStatus(oldStatus).filter((p) => !image.has(p.name) && !asBuilt.has(`${p.name}=${p.version}`));
}

/** The file name apt gives a package's .deb (an epoch's ':' is written %3a). */
export const debName = (p: Installed) => `${p.name}_${p.version.replace(/:/g, "%3a")}_${p.arch}.deb`;

const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");

export interface CarryOptions {
  running: SystemId;
  /** The running system's root: "/" on the appliance, a temp folder in tests. */
  root: string;
  /** The new image's own dpkg status (its read-only lower layer). */
  imageStatus: string;
  /** dpkg options for that root (tests: --root, --admindir, --force-script-chrootless). */
  dpkgOptions: string[];
  runner: Runner;
}

export const carryPending = (p: UpdatePaths, running: SystemId) => existsSync(`${overlayDir(p, running)}/carry-from`);

export function carriedReport(p: UpdatePaths, system: SystemId): CarryReport | null {
  try { return JSON.parse(readFileSync(`${overlayDir(p, system)}/carried.json`, "utf8")) as CarryReport; } catch { return null; }
}

/** dpkg's own words about one package: each unindented line that names it, with the indented lines under it. */
export function whyFailed(output: string, name: string, code: number): string {
  const names = new RegExp(`(^|[^\\w.+-])${name.replace(/[.+]/g, "\\$&")}([^\\w.+-]|$)`);
  const out: string[] = [];
  let taking = false;
  for (const line of output.split("\n")) {
    if (!/^\s/.test(line)) taking = names.test(line) && !/^Errors were encountered/.test(line);
    if (taking && line.trim()) out.push(line.trim());
  }
  return (out.join(" ") || `dpkg exited ${code}`).slice(0, 400);
}

/** Reinstalls the carried packages if this is the first boot of an updated system; null when it is not. */
export async function carryPackages(p: UpdatePaths, o: CarryOptions): Promise<CarryReport | null> {
  const marker = `${overlayDir(p, o.running)}/carry-from`;
  if (!existsSync(marker)) return null;
  const t0 = performance.now();
  const from = read(marker).trim() as SystemId;
  const oldUpper = `${overlayDir(p, from)}/upper`;
  const plan = carryPlan(read(`${oldUpper}/var/lib/dpkg/status`), read(o.imageStatus), read(`${overlayDir(p, o.running)}/from-image-status`));
  const auto = autoInstalled(read(`${oldUpper}/var/lib/apt/extended_states`));
  // The kept copy, else apt's own cache in the old upper layer (installs from before the hook existed).
  const dirs = [keptDebsDir(p), `${oldUpper}/var/cache/apt/archives`];
  const debOf = new Map(plan.flatMap((x) => dirs.map((d) => `${d}/${debName(x)}`).filter(existsSync).slice(0, 1).map((f) => [x.name, f] as const)));
  const failed: CarryReport["failed"] = plan.filter((x) => !debOf.has(x.name)).map((x) => ({ ...x, why: `no kept .deb (${debName(x)}): it was not installed through apt` }));
  const todo = plan.filter((x) => debOf.has(x.name));
  const admin = `${o.root}/var/lib/dpkg`;
  if (todo.length) {
    // The carried /etc already holds the packages' configuration files: keep the operator's (confold).
    const dpkg = (args: string[]) => o.runner.run(["dpkg", ...o.dpkgOptions, "--force-confdef", "--force-confold", ...args], { check: false, env: { DEBIAN_FRONTEND: "noninteractive" }, timeoutMs: 600_000 });
    const r = await dpkg(["-i", ...todo.map((x) => debOf.get(x.name)!)]);
    const q = await o.runner.run(["dpkg-query", `--admindir=${admin}`, "-W", "-f", "${Package}\t${db:Status-Status}\n", ...todo.map((x) => x.name)], { check: false });
    const state = new Map(q.stdout.split("\n").map((l) => l.split("\t") as [string, string]));
    const bad = todo.filter((x) => state.get(x.name) !== "installed");
    for (const x of bad) failed.push({ ...x, why: whyFailed(r.stderr, x.name, r.code) });
    // A package that could not be configured is removed again rather than left half-installed.
    const half = bad.filter((x) => state.has(x.name) && state.get(x.name) !== "not-installed");
    if (half.length) await dpkg(["--remove", ...half.map((x) => x.name)]);
  }
  const carried = todo.filter((x) => !failed.some((f) => f.name === x.name)).map((x) => ({ ...x, auto: auto.has(x.name) }));
  // Dependencies stay marked as such, so apt autoremove still knows them.
  const deps = carried.filter((x) => x.auto);
  if (deps.length) appendFileSync(`${o.root}/var/lib/apt/extended_states`, deps.map((x) => `Package: ${x.name}\nArchitecture: ${x.arch}\nAuto-Installed: 1\n\n`).join(""));
  const report: CarryReport = { from, at: Date.now(), ms: Math.round(performance.now() - t0), carried, failed };
  writeAtomic(`${overlayDir(p, o.running)}/carried.json`, `${JSON.stringify(report, null, 2)}\n`);
  rmSync(marker);
  syncDir(overlayDir(p, o.running));
  pruneKeptDebs(p, [`${admin}/status`]);
  return report;
}

/** Drops kept .debs that no system's dpkg database lists as installed any more (removed or replaced). */
export function pruneKeptDebs(p: UpdatePaths, extraStatus: string[] = []): string[] {
  const dir = keptDebsDir(p);
  if (!existsSync(dir)) return [];
  const overlays = `${p.stateDir}/overlay`;
  const systems = existsSync(overlays) ? readdirSync(overlays).map((s) => `${overlays}/${s}/upper/var/lib/dpkg/status`) : [];
  const wanted = new Set([...systems, ...extraStatus].flatMap((f) => parseDpkgStatus(read(f)).map(debName)));
  const gone = readdirSync(dir).filter((f) => f.endsWith(".deb") && !wanted.has(f));
  for (const f of gone) rmSync(`${dir}/${f}`, { force: true });
  return gone;
}
