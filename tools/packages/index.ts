// Package tools over apt/dpkg: search, install, remove, upgrade, hold, upkeep (maintain.ts:
// refresh, configure) and reads (read.ts: list, upgradable). Each change is previewed
// with apt's own simulation, so the effects list what apt would really do, dependencies included.
import { tool, type ToolDeclaration } from "../declaration.ts";
import { type JsonSchema, s } from "../schema.ts";
import { APT_ENV, type AptConfig, aptGet, parseSimulation } from "./apt.ts";
import { maintenanceTools } from "./maintain.ts";
import { packageReadTools } from "./read.ts";

const pkg = s.string("package name", { pattern: "^[a-z0-9][a-z0-9+.-]{0,99}$" });
const pkgs = s.array(pkg, "package names", 50);
const LONG = 600_000;

export function packageTools(cfg: AptConfig = {}): ToolDeclaration[] {
  const apt = cfg.aptOptions ?? [];
  // Change tools share one shape: simulate to plan, run the same command for real to execute.
  const change = <I>(name: string, description: string, capability: string, input: JsonSchema, args: (i: I) => string[]) => tool<I>({
    name, description, input, capabilities: [capability], destructive: true, timeoutMs: LONG,
    async plan(i, ctx) {
      const r = await ctx.runner.run(aptGet(cfg, ["-s", ...args(i)]), { env: APT_ENV, timeoutMs: 120_000 });
      return { effects: parseSimulation(r.stdout), notes: r.stdout.split("\n").filter((l) => /^(W|E|N): /.test(l) || / newly installed/.test(l)) };
    },
    async execute(i, ctx) {
      const r = await ctx.runner.run(aptGet(cfg, ["-y", ...args(i)]), { env: APT_ENV, timeoutMs: LONG });
      return { ok: true, tail: r.stdout.trim().split("\n").slice(-5) };
    },
  });

  return [
    tool<{ query: string }>({
      name: "packages.search",
      description: "Search package names and descriptions.",
      input: s.object({ query: s.string("words", { pattern: "^[A-Za-z0-9 +._-]{1,100}$" }) }),
      capabilities: ["pkg.read"],
      destructive: false,
      timeoutMs: 30_000,
      plan: async () => ({ effects: [] }),
      async execute({ query }, ctx) {
        const r = await ctx.runner.run(["apt-cache", ...apt, "search", ...query.split(" ").filter(Boolean)], { env: APT_ENV });
        return r.stdout.trim().split("\n").filter(Boolean).slice(0, 100).map((l) => { const [name, ...d] = l.split(" - "); return { name, description: d.join(" - ") }; });
      },
    }),
    change<{ names: string[] }>("packages.install", "Install packages and their dependencies.", "pkg.install", s.object({ names: pkgs }),
      (i) => ["install", "--no-install-recommends", ...i.names]),
    change<{ names: string[]; purge?: boolean }>("packages.remove", "Remove packages (and what depends on them).", "pkg.remove",
      s.object({ names: pkgs, purge: s.bool("also delete configuration") }, ["names"]), (i) => [i.purge ? "purge" : "remove", ...i.names]),
    change<{ names?: string[] }>("packages.upgrade", "Upgrade the given packages, or all when none are given.", "pkg.upgrade", s.object({ names: pkgs }, []),
      (i) => (i.names?.length ? ["install", "--only-upgrade", ...i.names] : ["upgrade"])),
    tool<{ name: string; hold: boolean }>({
      name: "packages.hold",
      description: "Hold a package at its version (or release the hold).",
      input: s.object({ name: pkg, hold: s.bool("true to hold, false to release") }),
      capabilities: ["pkg.hold"],
      destructive: false,
      timeoutMs: 30_000,
      async plan({ name, hold }, ctx) {
        const held = (await ctx.runner.run(["apt-mark", ...apt, "showhold"])).stdout.split("\n").includes(name);
        return held === hold ? { effects: [] } : { effects: [{ kind: "package.hold", name, hold }] };
      },
      async execute({ name, hold }, ctx) {
        await ctx.runner.run(["apt-mark", ...apt, hold ? "hold" : "unhold", name]);
        return { name, hold };
      },
    }),
    ...maintenanceTools(cfg),
    ...packageReadTools(cfg),
  ];
}
