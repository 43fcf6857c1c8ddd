// Capability grants. A capability is `name` or `name:scope` (a path for fs.*). A grant covers a need
// when it is the same, a `prefix.*` wildcard, `*`, or the same name with a scope that is a parent path.
import { resolve } from "node:path";

export function covers(grant: string, need: string): boolean {
  if (grant === "*" || grant === need) return true;
  const [gName, gScope] = split(grant);
  const [nName, nScope] = split(need);
  if (gName.endsWith(".*")) return gScope === undefined && (nName === gName.slice(0, -2) || nName.startsWith(gName.slice(0, -1)));
  if (gName !== nName) return false;
  if (gScope === undefined) return true; // "fs.write" grants every path; give scoped grants instead
  if (nScope === undefined) return false;
  const g = resolve("/", gScope);
  const n = resolve("/", nScope); // resolving defeats "/etc/aios/../shadow"
  return n === g || n.startsWith(g.endsWith("/") ? g : `${g}/`);
}

export function missing(grants: readonly string[], needs: readonly string[]): string[] {
  return needs.filter((n) => !grants.some((g) => covers(g, n)));
}

function split(c: string): [string, string | undefined] {
  const i = c.indexOf(":");
  return i < 0 ? [c, undefined] : [c.slice(0, i), c.slice(i + 1)];
}
