// aiosctl packages list|upgradable|search|install|remove|upgrade; registered in ../tree.ts. Each verb is
// a tool call as the operator (tool-call.ts): reads run at once, changes are previewed with apt's own
// simulation and wait for approval where policy says so (the approval id and how to approve it are
// printed; exit 0). A package apt does not know is exit 4; removing one that is not installed, exit 5.
import { defineCommand, type CommandDef } from "citty";
import type { DpkgState } from "../../../tools/packages/apt.ts";
import type { Upgradable } from "../../../tools/packages/read.ts";
import type { CallOutcome } from "../../../tools/outcome.ts";
import { outcomeText } from "../../render/outcome.ts";
import { act, EXIT, fail } from "../fail.ts";
import { operatorCall, report, resultOf } from "./tool-call.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const names = (a: { pkg?: string; _?: string[] }) => (a._?.length ? a._ : a.pkg ? [a.pkg] : []);
const table = (rows: string[][]) => {
  const w = rows.reduce((m, r) => r.map((c, i) => Math.max(m[i] ?? 0, c.length)), [] as number[]);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join("  ")).join("\n");
};

/** apt's "Unable to locate package x" is a package that does not exist: exit 4, with where to look. */
const unknownPackage = (out: CallOutcome) => (out.status === "refused" && /Unable to locate package/.test(out.reason) ? EXIT.notFound : undefined);
const searchHint = (out: CallOutcome) => (unknownPackage(out) ? "aiosctl packages search <words> finds package names (after apt's lists are refreshed)" : undefined);

/** A change apt had nothing to do for (already installed, nothing to upgrade) ran with no effects. */
const doneText = (out: CallOutcome & { status: "done" }) => (out.effects.length ? outcomeText(out) : "nothing to change: apt has nothing to do");

const list = defineCommand({
  meta: { name: "list", description: "installed packages and their versions (a glob narrows it: aiosctl packages list 'lib*')" },
  args: { pattern: { type: "positional", required: false, description: "name glob" }, json },
  run: act(async (a: { pattern?: string; json?: boolean }) => {
    const pkgs = resultOf<DpkgState[]>(await operatorCall("packages.list", a.pattern ? { pattern: a.pattern } : {}, "aiosctl packages list"));
    console.log(a.json ? JSON.stringify({ packages: pkgs }, null, 2) : table(pkgs.map((p) => [p.name, p.version, p.state === "installed" ? "" : p.state])) || "no packages installed");
  }),
});

const upgradable = defineCommand({
  meta: { name: "upgradable", description: "what `packages upgrade` would bring (security updates marked), from apt's current lists" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const ups = resultOf<Upgradable[]>(await operatorCall("packages.upgradable", {}, "aiosctl packages upgradable"));
    const security = ups.filter((u) => u.security).length;
    console.log(a.json ? JSON.stringify({ upgradable: ups, security }, null, 2)
      : ups.length ? `${table(ups.map((u) => [u.name, u.from, "→", u.to, u.security ? "security" : ""]))}\n${ups.length} upgradable, ${security} security` : "everything is up to date (as of apt's lists)");
  }),
});

const search = defineCommand({
  meta: { name: "search", description: "search package names and descriptions in apt's lists" },
  args: { query: { type: "positional", required: true, description: "words" }, json },
  run: act(async (a: { query: string; json?: boolean; _?: string[] }) => {
    const query = (a._?.length ? a._ : [a.query]).join(" ");
    const hits = resultOf<{ name: string; description: string }[]>(await operatorCall("packages.search", { query }, "aiosctl packages search"), "words are letters, digits, space and + . _ -");
    console.log(a.json ? JSON.stringify({ query, packages: hits }, null, 2) : hits.map((h) => `${h.name} - ${h.description}`).join("\n") || `nothing matches "${query}"`);
  }),
});

const change = (verb: "install" | "remove", description: string, extra: Record<string, unknown> = {}) => defineCommand({
  meta: { name: verb, description },
  args: { pkg: { type: "positional", required: true, description: "package name (more may follow)" }, ...extra, json },
  run: act(async (a: { pkg: string; purge?: boolean; json?: boolean; _?: string[] }) => {
    const pkgs = names(a);
    if (verb === "remove") {
      const installed = new Set(resultOf<DpkgState[]>(await operatorCall("packages.list", {}, "aiosctl packages remove: what is installed")).filter((p) => p.state !== "config-files").map((p) => p.name));
      const missing = pkgs.filter((p) => !installed.has(p));
      if (missing.length) fail(`not installed: ${missing.join(", ")}`, "aiosctl packages list shows what is", EXIT.notInstalled);
    }
    const input = { names: pkgs, ...(verb === "remove" && a.purge ? { purge: true } : {}) };
    return report(await operatorCall(`packages.${verb}`, input, `aiosctl packages ${verb} ${pkgs.join(" ")}`), a.json, { code: unknownPackage, hint: searchHint, human: doneText });
  }),
});

const upgrade = defineCommand({
  meta: { name: "upgrade", description: "upgrade the named packages, or every upgradable one (approval per policy)" },
  args: { pkg: { type: "positional", required: false, description: "package names (all when left out)" }, json },
  run: act(async (a: { pkg?: string; json?: boolean; _?: string[] }) => {
    const pkgs = names(a);
    return report(await operatorCall("packages.upgrade", pkgs.length ? { names: pkgs } : {}, `aiosctl packages upgrade ${pkgs.join(" ") || "(all)"}`), a.json, { code: unknownPackage, hint: searchHint, human: doneText });
  }),
});

const packages = defineCommand({
  meta: { name: "packages", description: "Debian packages through apt: list, upgradable, search, install, remove, upgrade" },
  subCommands: {
    list, upgradable, search,
    install: change("install", "install packages and their dependencies (previewed by apt; approval per policy)"),
    remove: change("remove", "remove packages (and what depends on them); exit 5 when one is not installed", { purge: { type: "boolean", description: "also delete their configuration" } }),
    upgrade,
  },
});

export const packagesCommands: Record<string, CommandDef<any>> = { packages };
