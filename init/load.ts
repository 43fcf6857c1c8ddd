// Loads the build-time service database and the operator's services; a bad operator file is reported
// and skipped, never fatal (the built-in services were already checked by the build).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { errorMessage } from "../runtime/errors.ts";
import { orderServices } from "./spec/compile.ts";
import type { ServiceDb, ServiceSpec } from "./spec/types.ts";
import { validateService } from "./spec/validate.ts";

export function loadServices(servicesFile: string, operatorDir: string): { specs: ServiceSpec[]; errors: string[] } {
  const errors: string[] = [];
  let builtin: ServiceSpec[] = [];
  try {
    builtin = (JSON.parse(readFileSync(servicesFile, "utf8")) as ServiceDb).services;
  } catch (err) {
    errors.push(`${servicesFile}: ${errorMessage(err)}`);
  }
  let specs = builtin;
  const files = existsSync(operatorDir) ? readdirSync(operatorDir).filter((f) => f.endsWith(".toml")).sort() : [];
  for (const f of files) {
    const file = join(operatorDir, f);
    try {
      const spec = validateService(basename(f, ".toml"), readFileSync(file, "utf8"), file);
      if (builtin.some((s) => s.id === spec.id)) throw new Error(`${file}: a built-in service is already called "${spec.id}"`);
      specs = orderServices([...specs, spec]);
    } catch (err) {
      errors.push(errorMessage(err));
    }
  }
  return { specs, errors };
}
