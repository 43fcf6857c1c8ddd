// Package upkeep that installs nothing new: refreshing apt's lists (apt-get update) and finishing
// interrupted installs (dpkg --configure -a). Both are low risk (runtime/policy/risk.ts says why).
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { APT_ENV, type AptConfig, aptGet, parseDpkgStates } from "./apt.ts";

/** Where the refresh stamp lives: Debian's convention (update-notifier, apt.systemd.daily). */
export const STAMP = "periodic/update-success-stamp";

/** dpkg states `dpkg --configure -a` finishes; half-installed and reinst-required it cannot. */
export const CONFIGURABLE = new Set(["half-configured", "unpacked", "triggers-awaited", "triggers-pending"]);

export function maintenanceTools(cfg: AptConfig = {}): ToolDeclaration[] {
  const apt = cfg.aptOptions ?? [];
  const dpkg = cfg.dpkgOptions ?? [];
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
      description: "Finish configuring half-configured or unpacked packages (dpkg --configure -a).",
      input: s.object({}),
      capabilities: ["pkg.configure"],
      destructive: false,
      timeoutMs: 600_000,
      async plan(_, ctx) {
        const admin = dpkg.filter((o) => /^--(admindir|root)=/.test(o));
        const r = await ctx.runner.run(["dpkg-query", ...admin, "-W", "-f", "${Package}\t${Version}\t${db:Status-Status}\n"]);
        const effects = parseDpkgStates(r.stdout).filter((p) => CONFIGURABLE.has(p.state))
          .map((p) => ({ kind: "package.configure" as const, name: p.name, version: p.version, state: p.state }));
        return { effects };
      },
      async execute(_, ctx) {
        const r = await ctx.runner.run(["dpkg", ...dpkg, "--configure", "-a"], { env: APT_ENV, timeoutMs: 600_000 });
        return { ok: true, tail: r.stdout.trim().split("\n").slice(-5) };
      },
    }),
  ];
}
