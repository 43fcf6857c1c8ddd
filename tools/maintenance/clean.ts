// Temp and cache clean-up: stale files in the declared temp trees, and apt's downloaded packages.
// Only regular files go; links are never followed and directories are left in place.
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { fencedPath } from "../files/paths.ts";
import { s } from "../schema.ts";
import type { MaintenanceConfig } from "./config.ts";
import { discardPlan, discardPlanned } from "./discard.ts";
import { type FileInfo, walkFiles } from "./files.ts";

const HOUR = 3_600_000;

/** *.deb files directly in apt's archive folders (regular files only). */
export function aptDebs(dirs: readonly string[]): FileInfo[] {
  return dirs.filter((d) => existsSync(d)).flatMap((d) => readdirSync(d, { withFileTypes: true })
    .filter((e) => e.isFile() && (e.name.endsWith(".deb") || d.endsWith("/partial")))
    .map((e) => { const p = join(d, e.name); const st = lstatSync(p); return { path: p, bytes: st.size, mtimeMs: st.mtimeMs, atimeMs: st.atimeMs }; }));
}

export function cleanTools(cfg: MaintenanceConfig): ToolDeclaration[] {
  const apt = [cfg.aptArchives, join(cfg.aptArchives, "partial")];
  return [
    tool<{ olderThanHours: number; paths?: string[] }>({
      name: "temp.clean",
      description: "Delete files not read or written for some hours in the temp trees (/tmp, /var/tmp, scratch).",
      input: s.object({
        olderThanHours: s.int("age in hours since last read or write", 1, 24 * 3650),
        paths: s.array(s.string("a temp tree", { pattern: "^/" }), "only these trees (default: all declared)", 20),
      }, ["olderThanHours"]),
      capabilities: ["temp.clean"],
      destructive: true,
      timeoutMs: 300_000,
      async plan({ olderThanHours, paths }) {
        const cutoff = (cfg.now ?? Date.now)() - olderThanHours * HOUR;
        const trees = (paths ?? cfg.tempPaths).map((p) => fencedPath(p, cfg.tempPaths)).filter((p) => existsSync(p));
        const stale = trees.flatMap((t) => walkFiles(t)).filter((f) => Math.max(f.mtimeMs, f.atimeMs) < cutoff);
        return discardPlan(stale, cfg.root);
      },
      async execute(_input, _ctx, plan) {
        return discardPlanned(plan, cfg.tempPaths, cfg.root);
      },
    }),
    tool<Record<string, never>>({
      name: "apt.clean",
      description: "Delete apt's downloaded package files (*.deb in /var/cache/apt/archives); apt fetches them again when needed.",
      input: s.object({}),
      capabilities: ["apt.clean"],
      destructive: true,
      timeoutMs: 120_000,
      async plan() {
        return discardPlan(aptDebs(apt), cfg.root);
      },
      async execute(_input, _ctx, plan) {
        return discardPlanned(plan, [cfg.aptArchives], cfg.root);
      },
    }),
  ];
}
