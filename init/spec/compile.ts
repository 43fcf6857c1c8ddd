// Checks a set of services as a whole (dependencies exist, no cycles) and orders them so every
// service comes after its dependencies. The build runs this on image/services; PID 1 on operator files.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ConfigError } from "../../runtime/errors.ts";
import type { ServiceDb, ServiceSpec } from "./types.ts";
import { lineOf, validateService } from "./validate.ts";

export function orderServices(services: ServiceSpec[]): ServiceSpec[] {
  const byId = new Map(services.map((s) => [s.id, s]));
  for (const s of services) {
    for (const d of s.dependsOn) {
      if (!byId.has(d)) throw new ConfigError(s.source, "depends_on", `unknown service "${d}"`, undefined, `known: ${[...byId.keys()].join(", ")}`);
    }
  }
  const ordered: ServiceSpec[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (s: ServiceSpec, path: string[]) => {
    if (state.get(s.id) === "done") return;
    if (state.get(s.id) === "visiting") {
      const cycle = [...path.slice(path.indexOf(s.id)), s.id].join(" → ");
      throw new ConfigError(s.source, "depends_on", `dependency cycle: ${cycle}`);
    }
    state.set(s.id, "visiting");
    for (const d of s.dependsOn) visit(byId.get(d)!, [...path, s.id]);
    state.set(s.id, "done");
    ordered.push(s);
  };
  for (const s of [...services].sort((a, b) => a.id.localeCompare(b.id))) visit(s, []);
  return ordered;
}

export function readServiceDir(dir: string): ServiceSpec[] {
  return readdirSync(dir).filter((f) => f.endsWith(".toml")).sort().map((f) => {
    const file = join(dir, f);
    return validateService(basename(f, ".toml"), readFileSync(file, "utf8"), file);
  });
}

/**
 * The image's rule of least privilege: a built-in service that would keep every capability of root (no
 * user, no capabilities list) must say why in root_reason, so none keeps them by omission. (Operator
 * services are the operator's call, and are not held to it.)
 */
export function checkLeastPrivilege(services: ServiceSpec[]): void {
  for (const s of services) {
    if (s.user !== undefined || s.capabilities !== undefined || s.rootReason) continue;
    throw new ConfigError(s.source, "capabilities", "runs as root with every capability", undefined,
      'run it as a user (user = "..."), list the capabilities it needs (capabilities = ["net_admin"], or [] for none), or say why it needs them all (root_reason = "...")');
  }
}

export function compileServiceDir(dir: string): ServiceDb {
  const services = orderServices(readServiceDir(dir));
  checkLeastPrivilege(services);
  return { version: 1, services };
}

export { lineOf };
