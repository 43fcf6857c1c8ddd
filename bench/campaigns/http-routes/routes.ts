// Every route of a hono app, read from the app's own `routes` list (so a new route is fuzzed and
// auth-checked without anyone adding it here), and a fast-check generator of concrete paths for each:
// path parameters filled with values that match their pattern, near-misses and plain garbage.
import fc from "fast-check";
import type { Hono } from "hono";

export interface Route { method: string; path: string }
interface Param { name: string; pattern?: string }

/** Handlers, not middleware: app.use() registers "ALL" on a wildcard path. HEAD rides on GET. */
export function appRoutes(app: Hono): Route[] {
  const seen = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === "ALL" && r.path.endsWith("*")) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

/** Splits "/api/services/:id/:verb{start|stop}" into literal segments and parameters. */
function segments(path: string): (string | Param)[] {
  const out: (string | Param)[] = [];
  for (const seg of path.split("/").slice(1)) {
    const m = /^:(\w+)(?:\{(.+)\})?$/.exec(seg);
    out.push(m ? { name: m[1]!, ...(m[2] ? { pattern: m[2] } : {}) } : seg);
  }
  return out;
}

export const params = (path: string): Param[] => segments(path).filter((s): s is Param => typeof s !== "string");

/** Values a person or an attacker might put in a path segment. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("..", "%2e%2e", "../../etc/passwd", "%00", "alpha", "beta", "monitor", "network", "apr-00000000", "apr-zzzz", "0", "-1", "1e9",
    "99999999999999999999", "NaN", "null", "%", "%zz", "😀", "a".repeat(5000), "#1", "#x", "inc-1", "<script>", "' OR 1=1 --"),
);

function segmentValue(p: Param): fc.Arbitrary<string> {
  if (!p.pattern) return hostile;
  return fc.oneof({ weight: 2, arbitrary: fc.stringMatching(new RegExp(`^(?:${p.pattern})$`)) }, { weight: 1, arbitrary: hostile });
}

/** A concrete path for the route: each parameter filled (URL-encoded, or raw garbage now and then). */
export function pathFor(route: Route): fc.Arbitrary<string> {
  const parts = segments(route.path).map((s) => (typeof s === "string"
    ? fc.constant(s === "*" ? "x" : s)
    : fc.tuple(segmentValue(s), fc.boolean()).map(([v, raw]) => (raw ? v.replace(/[/?#\s]/g, "") || "x" : encodeURIComponent(v)))));
  return fc.tuple(...parts).map((p) => `/${p.join("/")}`);
}
