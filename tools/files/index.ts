// File tools: read, list, write and delete under allowed roots. Capabilities are scoped by path
// (fs.read:<path>, fs.write:<path>), and plans report exactly which files change and how.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UserError } from "../../runtime/errors.ts";
import { noEffects, tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { fencedPath, realish, sha256, writeAtomic } from "./paths.ts";

export interface FilesConfig {
  /** Roots readable at all; capabilities narrow further per agent. */
  readRoots: string[];
  writeRoots: string[];
  maxReadBytes?: number;
}

/** Capabilities are checked on the real path, so a symlink inside a granted folder cannot point out. */
const real = (p: string) => (p.startsWith("/") ? realish(resolve(p)) : p);
const pathSchema = s.string("absolute path", { pattern: "^/", maxLength: 4096 });

export function filesTools(cfg: FilesConfig): ToolDeclaration[] {
  const maxRead = cfg.maxReadBytes ?? 1 << 20;
  return [
    tool<{ path: string }>({
      name: "files.read",
      description: "Read a text file (up to 1 MiB).",
      input: s.object({ path: pathSchema }),
      capabilities: (i) => [`fs.read:${real(i.path)}`],
      destructive: false,
      timeoutMs: 5000,
      plan: noEffects,
      async execute({ path }) {
        const p = fencedPath(path, cfg.readRoots);
        const st = statSync(p);
        if (!st.isFile()) throw new UserError(`${path} is not a regular file`);
        const data = readFileSync(p);
        return { path: p, bytes: st.size, truncated: st.size > maxRead, content: data.subarray(0, maxRead).toString("utf8") };
      },
    }),
    tool<{ path: string }>({
      name: "files.list",
      description: "List a directory: names, types and sizes.",
      input: s.object({ path: pathSchema }),
      capabilities: (i) => [`fs.read:${real(i.path)}`],
      destructive: false,
      timeoutMs: 5000,
      plan: noEffects,
      async execute({ path }) {
        const p = fencedPath(path, cfg.readRoots);
        return readdirSync(p, { withFileTypes: true }).map((d) => ({
          name: d.name,
          type: d.isDirectory() ? "dir" : d.isSymbolicLink() ? "link" : d.isFile() ? "file" : "other",
          size: d.isFile() ? lstatSync(join(p, d.name)).size : 0,
        }));
      },
    }),
    tool<{ path: string; content: string; mode?: number }>({
      name: "files.write",
      description: "Create or replace a text file atomically.",
      input: s.object({ path: pathSchema, content: s.string("new content", { maxLength: 1 << 20 }), mode: s.int("permission bits", 0, 0o7777) }, ["path", "content"]),
      capabilities: (i) => [`fs.write:${real(i.path)}`],
      destructive: true,
      timeoutMs: 10_000,
      async plan({ path, content }) {
        const p = fencedPath(path, cfg.writeRoots);
        const existed = existsSync(p);
        if (existed && !statSync(p).isFile()) throw new UserError(`${path} exists and is not a regular file`);
        const previousSha256 = existed ? sha256(readFileSync(p)) : undefined;
        const next = sha256(content);
        if (previousSha256 === next) return { effects: [], notes: [`${p} already has this content`] };
        return { effects: [{ kind: "file.write", path: p, existed, bytes: Buffer.byteLength(content), sha256: next, ...(previousSha256 ? { previousSha256 } : {}) }] };
      },
      async execute({ path, content, mode }, _ctx, plan) {
        const p = fencedPath(path, cfg.writeRoots);
        if (plan.effects.length === 0) return { path: p, bytes: Buffer.byteLength(content), unchanged: true };
        mkdirSync(dirname(p), { recursive: true });
        writeAtomic(p, content, mode ?? (existsSync(p) ? statSync(p).mode & 0o7777 : 0o644));
        return { path: p, bytes: Buffer.byteLength(content) };
      },
    }),
    tool<{ path: string }>({
      name: "files.delete",
      description: "Delete a file.",
      input: s.object({ path: pathSchema }),
      capabilities: (i) => [`fs.write:${real(i.path)}`],
      destructive: true,
      timeoutMs: 5000,
      async plan({ path }) {
        const p = fencedPath(path, cfg.writeRoots);
        if (!existsSync(p)) return { effects: [], notes: [`${p} does not exist`] };
        if (!statSync(p).isFile()) throw new UserError(`${path} is not a regular file`);
        return { effects: [{ kind: "file.delete", path: p, bytes: statSync(p).size }] };
      },
      async execute({ path }, _ctx, plan) {
        // Only what the preview named: a file that appeared after an empty plan is not touched.
        const p = fencedPath(path, cfg.writeRoots);
        const doomed = plan.effects.some((e) => e.kind === "file.delete" && e.path === p);
        if (doomed) unlinkSync(p);
        return { path: p, deleted: doomed };
      },
    }),
  ];
}
