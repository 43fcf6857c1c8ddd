// The actions a package decision can name, and the tool calls each becomes.
import type { ActionSpec } from "../loop/types.ts";
import { s } from "../../tools/schema.ts";

const pkg = s.string("package name", { pattern: "^[a-z0-9][a-z0-9+.-]{0,99}$" });

export const actions: Record<string, ActionSpec> = {
  refresh: {
    description: "Refresh the package lists (apt-get update).",
    params: s.object({}),
    calls: () => [{ tool: "packages.refresh", input: {} }],
  },
  upgrade: {
    description: "Upgrade the named packages to their candidate versions (apt's simulation previews it).",
    params: s.object({ names: s.array(pkg, "packages to upgrade", 50) }),
    calls: (p) => [{ tool: "packages.upgrade", input: { names: p.names } }],
  },
  configure: {
    description: "Finish what dpkg left half-done: half-installed packages unpacked again at their version from apt's kept .deb, then dpkg --configure -a.",
    params: s.object({}),
    calls: () => [{ tool: "packages.configure", input: {} }],
  },
};
