// What the package agent sees: apt's lists (a fingerprint, so an operator's `apt-get update` is
// noticed too), when they were last refreshed, pending upgrades (security ones marked), holds, and
// dpkg's health. Reads only; apt's simulation is recomputed only when the lists or dpkg's status change.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
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

export async function observe(ctx: AgentContext): Promise<PackageObs> {
  const apt = strings(ctx.settings.apt_options);
  const dpkg = strings(ctx.settings.dpkg_options);
  const dirs = await aptDirs(ctx, apt);
  const lists = fingerprint(join(ctx.root, dirs.lists));
  const stamp = join(ctx.root, dirs.state, STAMP);
  const refreshedAt = Math.max(lists.newestMs, existsSync(stamp) ? statSync(stamp).mtimeMs : 0);
  const statusText = existsSync(join(ctx.root, dirs.status)) ? readFileSync(join(ctx.root, dirs.status), "utf8") : "";
  const status = parseStatusFile(statusText);

  const seen = ctx.memo.get<string>("lists.hash");
  const listsChanged = seen !== lists.hash;
  if (listsChanged) ctx.memo.set("lists.hash", lists.hash);

  const key = `${lists.hash}:${hash(statusText)}`;
  let cache = ctx.memo.get<Cache>("pending");
  if (cache?.key !== key) {
    const sim = await ctx.runner.run(["apt-get", ...apt, "-s", "-q", "upgrade"], { check: false, timeoutMs: 120_000, env: { DEBIAN_FRONTEND: "noninteractive" } });
    const err = sim.stderr.split("\n").filter((l) => l.startsWith("E: ")).slice(0, 5).join(" | ").slice(0, 500);
    cache = { key, upgrades: parseUpgrades(sim.stdout), keptBack: parseKeptBack(sim.stdout), ...(err || sim.code !== 0 ? { simulationError: err || `apt-get exited ${sim.code}` } : {}) };
    ctx.memo.set("pending", cache);
  }
  const audit = await ctx.runner.run(["dpkg", ...dpkg, "--audit"], { check: false });
  return {
    lists, refreshedAt, listsChanged,
    upgrades: cache.upgrades, keptBack: cache.keptBack, ...(cache.simulationError ? { simulationError: cache.simulationError } : {}),
    held: status.filter((p) => p.want === "hold").map((p) => p.name),
    unhealthy: status.filter((p) => !DONE.has(p.state)),
    audit: parseAudit(audit.stdout),
  };
}

/** apt's own idea of its paths (honours -o options, so tests can use a private root). */
async function aptDirs(ctx: AgentContext, apt: string[]) {
  const r = await ctx.runner.run(["apt-config", ...apt, "shell", "L", "Dir::State::lists/d", "S", "Dir::State/d", "T", "Dir::State::status/f"]);
  const get = (k: string, dflt: string) => r.stdout.match(new RegExp(`^${k}='(.*)'$`, "m"))?.[1] ?? dflt;
  return { lists: get("L", "/var/lib/apt/lists/"), state: get("S", "/var/lib/apt/"), status: get("T", "/var/lib/dpkg/status") };
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
