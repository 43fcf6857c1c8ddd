// What `aiosctl config check` reads: config.toml and config.d (every problem, through the settings
// table), models.toml, secrets.toml and the agent overrides (through their own loaders, which stop
// at the first problem in a file). Errors without a line get one from a scan of their file.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { checkSource, configFiles } from "../../../runtime/config/file.ts";
import { allErrors } from "../../../runtime/config/resolve.ts";
import { setting, SETTINGS } from "../../../runtime/config/settings.ts";
import { withLine } from "../../../runtime/config/fallback.ts";
import { ConfigError, errorMessage } from "../../../runtime/errors.ts";
import { loadRuntimeConfig } from "../../../runtime/model-runtime/config.ts";
import { loadHierarchyConfig } from "../../../runtime/models/hierarchy/config.ts";
import { loadSecrets } from "../../../runtime/models/secrets/secrets.ts";

export interface CheckReport { checked: string[]; errors: ConfigError[] }

/** Every configuration file of the appliance (`file` alone when given). */
export async function checkConfig(file?: string): Promise<CheckReport> {
  if (file) return checkOne(file);
  const env = process.env;
  const present = (f: string) => (existsSync(f) ? [f] : []);
  const checked = configFiles(SETTINGS, setting("config_dir")).filter((f) => existsSync(f));
  const errors = allErrors(SETTINGS, env);
  for (const f of [...present(setting("models_config")), ...present(setting("secrets"))]) {
    const r = await checkOne(f);
    checked.push(...r.checked);
    errors.push(...r.errors);
  }
  const { checkAgentOverrides } = await import("../../../agents/spec/check.ts");
  const agents = checkAgentOverrides(setting("agents_file"), setting("operator_agents"));
  return { checked: [...checked, ...agents.checked], errors: [...errors, ...agents.errors.map(withLine)] };
}

async function checkOne(file: string): Promise<CheckReport> {
  if (!existsSync(file)) return { checked: [], errors: [new ConfigError(file, "(file)", "no such file")] };
  const name = basename(file);
  const one = (fn: () => unknown): CheckReport => {
    try { fn(); return { checked: [file], errors: [] }; } catch (e) {
      return { checked: [file], errors: [withLine(e instanceof ConfigError ? e : new ConfigError(file, "(file)", errorMessage(e)))] };
    }
  };
  if (name === "models.toml") return one(() => { loadRuntimeConfig({ ...process.env, AIOS_MODELS_CONFIG: file }); loadHierarchyConfig(file, {}); });
  if (name === "secrets.toml") return one(() => loadSecrets(file));
  if (basename(dirname(file)) === "agents" && name.endsWith(".toml")) {
    const { checkAgentOverrides } = await import("../../../agents/spec/check.ts");
    const r = checkAgentOverrides(setting("agents_file"), dirname(file));
    return { checked: [file], errors: r.errors.filter((e) => e.file === file || e.key === "(file)").map(withLine) };
  }
  return { checked: [file], errors: checkSource(SETTINGS, readFileSync(file, "utf8"), file).errors };
}
