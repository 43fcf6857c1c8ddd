// Package upkeep that installs nothing new: refreshing apt's lists (apt-get update) and finishing
// interrupted installs (the same version unpacked again from apt's kept .deb, then dpkg --configure -a). Both are low risk (runtime/policy/risk.ts says why).
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setting } from "../../runtime/config/settings.ts";
import { SystemError } from "../../runtime/errors.ts";
import { keptDebsDir } from "../../runtime/update/slots.ts";
import type { Runner } from "../../runtime/proc/exec.ts";
import { APT_ENV, type AptConfig, aptGet } from "./apt.ts";

/** Where the refresh stamp lives: Debian's convention (update-notifier, apt.systemd.daily). */
export const STAMP = "periodic/update-success-stamp";

/** dpkg states `dpkg --configure -a` finishes; half-installed and reinst-required it cannot. */
export const CONFIGURABLE = new Set(["half-configured", "unpacked", "triggers-awaited", "triggers-pending"]);

interface PkgRow { name: string; version: string; state: string; reinstreq: boolean; arch: string }
const QUERY = "${Package}\t${Version}\t${db:Status-Status}\t${db:Status-Eflag}\t${Architecture}\n";
const rows = (out: string): PkgRow[] => out.split("\n").map((l) => l.split("\t")).filter((f) => f.length === 5 && f[0])
  .map(([name, version, state, eflag, arch]) => ({ name: name!, version: version!, state: state!, reinstreq: eflag === "reinstreq", arch: arch! }));
/** Files half there (a power cut in the middle of an unpack): only the same version, unpacked again, mends it. */
const needsReinstall = (p: PkgRow) => p.state === "half-installed" || (p.reinstreq && p.state !== "not-installed" && p.state !== "config-files");

/** apt's name for a .deb in its cache: name_version_arch.deb, the epoch's colon escaped. */
const debFile = (p: PkgRow) => `${p.name}_${p.version.replace(/:/g, "%3a")}_${p.arch}.deb`;

export function maintenanceTools(cfg: AptConfig = {}): ToolDeclaration[] {
  const apt = cfg.aptOptions ?? [];
  const dpkg = cfg.dpkgOptions ?? [];
  const admin = dpkg.filter((o) => /^--(admindir|root)=/.test(o));
  const query = async (runner: Runner) => rows((await runner.run(["dpkg-query", ...admin, "-W", "-f", QUERY])).stdout);
  /** apt's cache (Dir::Cache::archives) and the .debs the appliance keeps on the state disk (keep-debs.sh). */
  const debDirs = async (runner: Runner) => {
    const r = await runner.run(["apt-config", ...apt, "shell", "A", "Dir::Cache::archives/d"], { check: false });
    const archives = r.stdout.match(/^A='(.*)'$/m)?.[1];
    return [...(archives ? [archives.replace(/\/$/, "")] : []), ...(cfg.keptDebs ?? [keptDebsDir({ stateDir: setting("state_dir") })])];
  };
  return [
    tool<Record<string, never>>({
      name: "packages.refresh",
      description: "Refresh the package lists from the configured sources (apt-get update); installs nothing.",
      input: s.object({}),
      capabilities: ["pkg.refresh"],
      destructive: false,
      timeoutMs: 300_000,
      async plan(_, ctx) {
        const r = await ctx.runner.run(["apt-get", ...apt, "indextargets", "--format", "$(REPO_URI)"], { env: APT_ENV });
        return { effects: [{ kind: "package.lists", sources: new Set(r.stdout.split("\n").filter(Boolean)).size }] };
      },
      async execute(_, ctx) {
        const r = await ctx.runner.run(aptGet(cfg, ["update"]), { env: APT_ENV, timeoutMs: 300_000 });
        // apt leaves the lists untouched when nothing changed upstream: the stamp says "refreshed now".
        const state = (await ctx.runner.run(["apt-config", ...apt, "shell", "S", "Dir::State/d"])).stdout.match(/^S='(.*)'$/m)?.[1];
        if (state) await ctx.runner.run(["sh", "-c", 'mkdir -p "$(dirname "$1")" && touch "$1"', "stamp", `${state}${STAMP}`]);
        return { ok: true, tail: r.stdout.trim().split("\n").slice(-3) };
      },
    }),
    tool<Record<string, never>>({
      name: "packages.configure",
      description: "Finish what dpkg left half-done: unpack half-installed packages again at their installed version from the .deb apt kept, then configure what is unconfigured (dpkg --configure -a). Installs no other version.",
      input: s.object({}),
      capabilities: ["pkg.configure"],
      destructive: false,
      timeoutMs: 600_000,
      async plan(_, ctx) {
        const effects = (await query(ctx.runner)).filter((p) => CONFIGURABLE.has(p.state) || needsReinstall(p))
          .map((p) => ({ kind: "package.configure" as const, name: p.name, version: p.version, state: p.reinstreq ? `${p.state}, reinstall required` : p.state }));
        return { effects };
      },
      async execute(_, ctx) {
        const broken = (await query(ctx.runner)).filter(needsReinstall);
        const dirs = await debDirs(ctx.runner);
        const found = broken.map((p) => ({ p, deb: dirs.map((d) => join(d, debFile(p))).find((f) => existsSync(f)) }));
        const local = found.filter((x) => x.deb).map((x) => x.deb!);
        // The same version's files again; the configuration files on disk are the operator's: keep them.
        if (local.length) await ctx.runner.run(["dpkg", ...dpkg, "--force-confdef", "--force-confold", "--unpack", ...local], { env: APT_ENV, timeoutMs: 600_000 });
        const r = await ctx.runner.run(["dpkg", ...dpkg, "--configure", "-a"], { env: APT_ENV, timeoutMs: 600_000 });
        const missing = found.filter((x) => !x.deb).map((x) => `${x.p.name} ${x.p.version}`);
        // The remedy is in the message: a tool outcome carries the message, and a person acts on it.
        const byHand = `apt-get install --reinstall ${found.filter((x) => !x.deb).map((x) => x.p.name).join(" ")}`;
        if (missing.length) throw new SystemError(`no local .deb of ${missing.join(", ")} to reinstall (looked in ${dirs.join(", ")}); reinstall by hand: ${byHand}`, byHand);
        return { ok: true, reinstalled: local.map((f) => f.split("/").pop()), tail: r.stdout.trim().split("\n").slice(-5) };
      },
    }),
  ];
}
