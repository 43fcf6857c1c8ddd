// files.chmod: set the permission bits of a file or directory. The plan's `file.mode` effect carries the
// old and new bits, so risk is judged on them (runtime/policy/risk.ts modeRisk): taking group/other
// access away is low risk; adding bits, or touching owner or setuid/setgid/sticky bits, is high.
import { chmodSync, lstatSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../../runtime/errors.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { fencedPath, realish } from "./paths.ts";

export interface ChmodConfig {
  /** Roots under which modes may be changed at all; `fs.mode:<path>` capabilities narrow further. */
  roots: string[];
  /** Where input paths are resolved: "/" on the appliance, a temp tree in tests (as users.* take it). */
  root?: string;
}

export function chmodTools(cfg: ChmodConfig): ToolDeclaration[] {
  const at = (p: string) => (!cfg.root || cfg.root === "/" ? p : join(cfg.root, p));
  return [
    tool<{ path: string; mode: number }>({
      name: "files.chmod",
      description: "Set the permission bits (e.g. 384 = 0600) of a file or directory; symlinks are refused.",
      input: s.object({ path: s.string("absolute path", { pattern: "^/", maxLength: 4096 }), mode: s.int("new permission bits, 0 to 0o7777", 0, 0o7777) }),
      capabilities: (i) => [`fs.mode:${i.path.startsWith("/") ? realish(resolve(at(i.path))) : i.path}`],
      destructive: true,
      timeoutMs: 5000,
      async plan({ path, mode }) {
        // The named path itself must not be a link (fencedPath resolves links, so look before it does).
        if (lstatSync(at(path), { throwIfNoEntry: false })?.isSymbolicLink()) throw new UserError(`${path} is a symbolic link`, "name the file it points to");
        const p = fencedPath(at(path), cfg.roots);
        const st = lstatSync(p, { throwIfNoEntry: false });
        if (!st) throw new UserError(`${path} does not exist`);
        if (st.isSymbolicLink()) throw new UserError(`${path} is a symbolic link`, "name the file it points to");
        if (!st.isFile() && !st.isDirectory()) throw new UserError(`${path} is neither a file nor a directory`);
        const from = st.mode & 0o7777;
        if (from === mode) return { effects: [], notes: [`${p} already has mode 0${mode.toString(8)}`] };
        return { effects: [{ kind: "file.mode", path: p, from, to: mode, dir: st.isDirectory() }] };
      },
      async execute({ path }, _ctx, plan) {
        // Only what the preview named, and only if the file still has the mode it was previewed with.
        const p = fencedPath(at(path), cfg.roots);
        const e = plan.effects.find((x) => x.kind === "file.mode" && x.path === p);
        if (!e || e.kind !== "file.mode") return { path: p, unchanged: true };
        const st = lstatSync(p);
        if (st.isSymbolicLink() || (st.mode & 0o7777) !== e.from) throw new UserError(`${p} changed since the preview`, "propose the change again");
        chmodSync(p, e.to);
        return { path: p, mode: `0${e.to.toString(8)}` };
      },
    }),
  ];
}
