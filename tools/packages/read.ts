// Read-only package tools: what is installed (dpkg-query) and what an upgrade would bring (apt's own
// simulation, security updates marked by the suite they come from). aiosctl packages and the web
// console's packages page read through these, so policy and the audit log see the reads too.
import { SystemError } from "../../runtime/errors.ts";
import { noEffects, tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { APT_ENV, type AptConfig, aptGet, parseDpkgStates, parseSimulation } from "./apt.ts";

export interface Upgradable { name: string; from: string; to: string; security: boolean }

/** "Inst name [old] (new Origin:Version/suite [arch])" lines; a security suite marks the upgrade. */
export function parseUpgradable(sim: string): Upgradable[] {
  const security = new Set(sim.split("\n").filter((l) => l.startsWith("Inst ") && /-security\b|Debian-Security/.test(l)).map((l) => l.split(" ")[1]));
  return parseSimulation(sim).flatMap((e) => (e.kind === "package.upgrade" ? [{ name: e.name, from: e.from, to: e.to, security: security.has(e.name) }] : []));
}

export function packageReadTools(cfg: AptConfig = {}): ToolDeclaration[] {
  const admin = (cfg.dpkgOptions ?? []).filter((o) => /^--(admindir|root)=/.test(o));
  return [
    tool<{ pattern?: string }>({
      name: "packages.list",
      description: "Installed packages with their versions and dpkg states (optionally only names matching a glob).",
      input: s.object({ pattern: s.string("dpkg-query name glob, e.g. lib*", { pattern: "^[a-z0-9*?][a-z0-9+.*?-]{0,99}$" }) }, []),
      capabilities: ["pkg.read"],
      destructive: false,
      timeoutMs: 30_000,
      plan: noEffects,
      async execute({ pattern }, ctx) {
        const r = await ctx.runner.run(["dpkg-query", ...admin, "-W", "-f", "${Package}\t${Version}\t${db:Status-Status}\n", ...(pattern ? [pattern] : [])], { check: false });
        // dpkg-query exits 1 when a pattern matches nothing: that is an empty list, not a failure.
        if (r.code !== 0 && !(pattern && r.code === 1)) throw new SystemError(`dpkg-query exited ${r.code}: ${r.stderr.trim()}`);
        return parseDpkgStates(r.stdout).filter((p) => p.state !== "not-installed");
      },
    }),
    tool<Record<string, never>>({
      name: "packages.upgradable",
      description: "Packages an upgrade would bring to a newer version (apt-get -s upgrade), security ones marked.",
      input: s.object({}),
      capabilities: ["pkg.read"],
      destructive: false,
      timeoutMs: 120_000,
      plan: noEffects,
      async execute(_, ctx) {
        const r = await ctx.runner.run(aptGet(cfg, ["-s", "-o", "Debug::NoLocking=1", "upgrade"]), { env: APT_ENV, timeoutMs: 120_000 });
        return parseUpgradable(r.stdout);
      },
    }),
  ];
}
