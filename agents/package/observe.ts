// What the package agent sees: apt's lists (a fingerprint, so an operator's `apt-get update` is
// noticed too), when they were last refreshed, pending upgrades (security ones marked), holds, and
// dpkg's health. Reads only; apt's simulation is recomputed only when the lists or dpkg's status change,
// `dpkg --audit` only when dpkg's database changed (status, info/ and updates/ by size, mtime, inode),
// and apt's paths (`apt-config shell`) are asked once per set of apt options: an idle cycle spawns nothing.
import { existsSync, readdirSync, readFileSync, type Stats, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AgentContext } from "../loop/types.ts";
import { STAMP } from "../../tools/packages/maintain.ts";
import { parseAudit, parseKeptBack, parseStatusFile, parseUpgrades, type PkgStatus, type Upgrade } from "./parse.ts";

export interface PackageObs {
  lists: { hash: string; files: number; newestMs: number };
  /** When the lists were last refreshed: the refresh stamp or the newest list file, whichever is later. */
  refreshedAt: number;
  /** The lists differ from the ones seen last (own refresh or an operator's apt-get update). */
  listsChanged: boolean;
  upgrades: Upgrade[];
  keptBack: string[];
  held: string[];
  /** Packages dpkg has not finished with (anything but installed, not-installed, config-files). */
  unhealthy: PkgStatus[];
  audit: string[];
  /** apt could not compute upgrades (E: lines), e.g. broken dependencies. */
  simulationError?: string;
}

interface Cache { key: string; upgrades: Upgrade[]; keptBack: string[]; simulationError?: string }

const DONE = new Set(["installed", "not-installed", "config-files"]);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const hash = (s: string) => new Bun.CryptoHasher("sha256").update(s).digest("hex").slice(0, 16);

/** A file's or directory's identity for "did it change": absent is "-". */
export const statKey = (st: Stats | undefined) => (st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : "-");
const statOf = (p: string) => statSync(p, { throwIfNoEntry: false });

/** Module state: derived from files whose identity is the key, so it is never stale and needs no memo. */
const dirsCache = new Map<string, { lists: string; state: string; status: string }>();
let statusCache: { key: string; hash: string; held: string[]; unhealthy: PkgStatus[] } | undefined;
let auditCache: { key: string; audit: string[] } | undefined;

export async function observe(ctx: AgentContext): Promise<PackageObs> {
  const apt = strings(ctx.settings.apt_options);
  const dpkg = strings(ctx.settings.dpkg_options);
  const dirs = await aptDirs(ctx, apt);
  const lists = fingerprint(join(ctx.root, dirs.lists));
  const stamp = join(ctx.root, dirs.state, STAMP);
  const refreshedAt = Math.max(lists.newestMs, existsSync(stamp) ? statSync(stamp).mtimeMs : 0);
  const statusPath = join(ctx.root, dirs.status);
  const statusKey = `${statusPath}|${statKey(statOf(statusPath))}`;
  if (statusCache?.key !== statusKey) {
    const statusText = existsSync(statusPath) ? readFileSync(statusPath, "utf8") : "";
    const status = parseStatusFile(statusText);
    statusCache = { key: statusKey, hash: hash(statusText), held: status.filter((p) => p.want === "hold").map((p) => p.name), unhealthy: status.filter((p) => !DONE.has(p.state)) };
  }

  const seen = ctx.memo.get<string>("lists.hash");
  const listsChanged = seen !== lists.hash;
  if (listsChanged) ctx.memo.set("lists.hash", lists.hash);

  const key = `${lists.hash}:${statusCache.hash}`;
  let cache = ctx.memo.get<Cache>("pending");
  if (cache?.key !== key) {
    const sim = await ctx.runner.run(["apt-get", ...apt, "-s", "-q", "upgrade"], { check: false, timeoutMs: 120_000, env: { DEBIAN_FRONTEND: "noninteractive" } });
    const err = sim.stderr.split("\n").filter((l) => l.startsWith("E: ")).slice(0, 5).join(" | ").slice(0, 500);
    cache = { key, upgrades: parseUpgrades(sim.stdout), keptBack: parseKeptBack(sim.stdout), ...(err || sim.code !== 0 ? { simulationError: err || `apt-get exited ${sim.code}` } : {}) };
    ctx.memo.set("pending", cache);
  }
  // dpkg --audit reads the status file, info/ (missing .list/.md5sums) and updates/ (an unfinished
  // run's journal): while none of them changed, its answer cannot either.
  const admin = adminDir(dpkg, dirname(statusPath));
  const auditKey = [JSON.stringify(dpkg), statusKey, statKey(statOf(join(admin, "info"))), statKey(statOf(join(admin, "updates")))].join("|");
  if (auditCache?.key !== auditKey) {
    const audit = await ctx.runner.run(["dpkg", ...dpkg, "--audit"], { check: false });
    auditCache = { key: auditKey, audit: parseAudit(audit.stdout) };
  }
  return {
    lists, refreshedAt, listsChanged,
    upgrades: cache.upgrades, keptBack: cache.keptBack, ...(cache.simulationError ? { simulationError: cache.simulationError } : {}),
    held: [...statusCache.held],
    unhealthy: [...statusCache.unhealthy],
    audit: [...auditCache.audit],
  };
}

/** dpkg's database directory: its --admindir option, else the status file's directory. */
export function adminDir(dpkgOptions: readonly string[], fallback: string): string {
  for (let i = 0; i < dpkgOptions.length; i++) {
    const o = dpkgOptions[i]!;
    if (o.startsWith("--admindir=")) return o.slice("--admindir=".length);
    if (o === "--admindir" && dpkgOptions[i + 1]) return dpkgOptions[i + 1]!;
  }
  return fallback;
}

/**
 * apt's own idea of its paths (honours -o options, so tests can use a private root). Asked once per set
 * of options and kept for the process's life: the appliance's apt paths do not move (an operator who
 * changes Dir:: settings restarts the agents, as for any configuration).
 */
async function aptDirs(ctx: AgentContext, apt: string[]) {
  const key = JSON.stringify(apt);
  const have = dirsCache.get(key);
  if (have) return have;
  const r = await ctx.runner.run(["apt-config", ...apt, "shell", "L", "Dir::State::lists/d", "S", "Dir::State/d", "T", "Dir::State::status/f"]);
  const get = (k: string, dflt: string) => r.stdout.match(new RegExp(`^${k}='(.*)'$`, "m"))?.[1] ?? dflt;
  const dirs = { lists: get("L", "/var/lib/apt/lists/"), state: get("S", "/var/lib/apt/"), status: get("T", "/var/lib/dpkg/status") };
  dirsCache.set(key, dirs);
  return dirs;
}

/** Names, sizes and mtimes of the list files: any refresh that changed them changes the hash. */
export function fingerprint(dir: string): PackageObs["lists"] {
  if (!existsSync(dir)) return { hash: "none", files: 0, newestMs: 0 };
  const files = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile() && d.name !== "lock").map((d) => d.name).sort();
  let newestMs = 0;
  const parts = files.map((f) => {
    const st = statSync(join(dir, f));
    newestMs = Math.max(newestMs, st.mtimeMs);
    return `${f}:${st.size}:${st.mtimeMs}`;
  });
  return { hash: hash(parts.join("\n")), files: files.length, newestMs };
}
