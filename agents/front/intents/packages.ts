// Packages: install, remove, upgrade (plans for the package agent, which holds those tools; apt's
// simulation shows exactly what changes before anyone approves) and read-only questions.
import type { Handler } from "../types.ts";
import { read } from "../types.ts";
import { bullet } from "./format.ts";

async function installed(ctx: Parameters<Handler>[1], name: string): Promise<string | undefined> {
  const r = await ctx.runner.run(["dpkg-query", "-W", "-f=${Status}\t${Version}", name], { check: false, timeoutMs: 10_000 });
  const [status, version] = r.stdout.split("\t");
  return r.code === 0 && status?.endsWith(" installed") ? version : undefined;
}

export const install: Handler = async (slots, ctx) => {
  const name = slots.package!;
  const v = await installed(ctx, name);
  if (v) return { text: `${name} ${v} is already installed.` };
  return {
    text: `Plan: install ${name} (and what it needs, without recommends) from the configured package sources. The preview below is apt's own simulation.`,
    plan: { title: `install ${name}`, steps: [{ tool: "packages.install", input: { names: [name] }, why: `the operator asked to install ${name}` }], check: { kind: "package", name, installed: true } },
  };
};

export const remove: Handler = async (slots, ctx) => {
  const name = slots.package!;
  if (!(await installed(ctx, name))) return { text: `${name} is not installed.` };
  return {
    text: `Plan: remove ${name} (keeping its configuration).`,
    plan: { title: `remove ${name}`, steps: [{ tool: "packages.remove", input: { names: [name] }, why: `the operator asked to remove ${name}` }], check: { kind: "package", name, installed: false } },
  };
};

export const isInstalled: Handler = async (slots, ctx) => {
  const name = slots.package;
  if (!name) {
    const r = await ctx.runner.run(["dpkg-query", "-W", "-f=${binary:Package}\n"], { check: false, timeoutMs: 10_000 });
    return { text: `${r.stdout.trim().split("\n").filter(Boolean).length} packages are installed.` };
  }
  const v = await installed(ctx, name);
  return { text: v ? `${name} ${v} is installed.` : `${name} is not installed. Ask me to "install ${name}" if you want it.` };
};

export const upgradable: Handler = async (_s, ctx) => {
  const r = await ctx.runner.run(["apt-get", "-s", "-o", "Debug::NoLocking=1", "upgrade"], { check: false, timeoutMs: 60_000, env: { LC_ALL: "C" } });
  const lines = r.stdout.split("\n").filter((l) => l.startsWith("Inst "));
  if (!lines.length) return { text: "Everything is up to date with the package lists this machine has. The package agent refreshes them on its schedule." };
  const sec = lines.filter((l) => /security/i.test(l));
  return { text: `${lines.length} upgrade(s) available${sec.length ? `, ${sec.length} from security` : ""}:\n${bullet(lines.slice(0, 20).map((l) => l.replace(/^Inst /, "")))}\nAsk me to "upgrade everything" to see the plan.` };
};

export const upgrade: Handler = async (slots) => {
  const names = slots.package ? [slots.package] : undefined;
  return {
    text: `Plan: upgrade ${names ? names[0] : "every package with an upgrade"}; a snapshot of the package selections is taken first.`,
    plan: { title: `upgrade ${names ? names[0] : "all packages"}`, steps: [{ tool: "packages.upgrade", input: names ? { names } : {}, why: "the operator asked to upgrade" }] },
  };
};

export const search: Handler = async (slots, ctx) => {
  const hits = await read<{ name: string; description: string }[]>(ctx, "packages.search", { query: slots.package ?? "" });
  return { text: hits.length ? bullet(hits.slice(0, 15).map((h) => `${h.name}: ${h.description}`)) : "No package matches." };
};
