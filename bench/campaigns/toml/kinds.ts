// Every kind of TOML file the appliance reads, each with its real loader and valid seed files: the
// settings (config.toml, config.d/*.toml), models.toml (the hierarchy's part and the runtime's part),
// secrets.toml, agent declarations and overrides (agents/*.toml), an agent's policy file, and service
// declarations (services/*.toml). A loader either accepts a file or throws (or returns) ConfigErrors.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkSource } from "../../../runtime/config/file.ts";
import { SETTINGS } from "../../../runtime/config/settings.ts";
import { configTemplate } from "../../../runtime/config/template.ts";
import { loadHierarchyConfig } from "../../../runtime/models/hierarchy/config.ts";
import { loadSecrets } from "../../../runtime/models/secrets/secrets.ts";
import { loadRuntimeConfig } from "../../../runtime/model-runtime/config.ts";
import { loadAgentPolicy } from "../../../runtime/policy/agents.ts";
import { validateAgent } from "../../../agents/spec/validate.ts";
import { validateService } from "../../../init/spec/validate.ts";

const repo = new URL("../../../", import.meta.url).pathname;
const filesIn = (dir: string) => readdirSync(join(repo, dir)).filter((f) => f.endsWith(".toml")).map((f) => readFileSync(join(repo, dir, f), "utf8"));

const MODELS = `[runtime]
profile = "standard"
threads = 1
idle_unload_seconds = 300
context_size = 2048
[tiers]
small_max_params = 4e9
medium_max_params = 14e9
[[remote]]
provider = "anthropic"
kind = "anthropic"
model = "claude-sonnet-4-5"
input_usd_per_mtok = 3
output_usd_per_mtok = 15
[budgets.tiers.remote]
usd_per_day = 2
[budgets.agents.netd]
tokens_per_day = 50000
[policy.disk-cleanup]
highest = "remote"
low_confidence = 0.6
cache_ttl_seconds = 600
`;

export interface TomlKind {
  name: string;
  seeds: string[];
  /** Where the loader reads it from, when not the file the campaign names. */
  file?: string;
  /** Reads `source` as the appliance would, from a file at `file`; returns the ConfigErrors it reported. */
  load(source: string, file: string): unknown[];
}

/** `dir` is a scratch folder: loaders that read a path get their file written there. */
export function tomlKinds(dir: string): TomlKind[] {
  mkdirSync(join(dir, "agents"), { recursive: true });
  const write = (file: string, source: string, mode = 0o600) => { writeFileSync(file, source); chmodSync(file, mode); };
  const agentSeeds = filesIn("image/agents");
  const base = validateAgent("monitor", agentSeeds.find((s) => s.includes("cpu.hog"))!, "monitor.toml");
  return [
    { name: "config.toml", seeds: [configTemplate().replace(/^# ([a-z_]+ = )/gm, "$1"), configTemplate()], load: (s, f) => checkSource(SETTINGS, s, f).errors },
    { name: "models.toml", seeds: [MODELS], load: (s, f) => { write(f, s); loadHierarchyConfig(f, { anthropic: { apiKey: "k" } }); return []; } },
    { name: "models.toml [runtime]", seeds: [MODELS], load: (s, f) => { write(f, s); loadRuntimeConfig({ AIOS_MODELS_CONFIG: f, AIOS_STATE_DIR: dir }); return []; } },
    { name: "secrets.toml", seeds: ['[providers.anthropic]\napi_key = "sk-test"\n[providers.local]\nbase_url = "http://127.0.0.1:1/v1"\n'], load: (s, f) => { write(f, s); loadSecrets(f); return []; } },
    { name: "agents/*.toml", seeds: agentSeeds, load: (s, f) => { validateAgent("fuzzed", s, f); return []; } },
    { name: "agents/*.toml override", seeds: ['[policy]\nmode = "safe"\n[settings]\ncpu_hog_percent = 80\n', '[escalation]\nhighest = "local-small"\n'], load: (s, f) => { validateAgent("monitor", s, f, base); return []; } },
    { name: "agents/<agent>.toml policy", file: join(dir, "agents", "fuzzed.toml"), seeds: ['[policy]\nmode = "safe"\ncapabilities = ["*"]\n', '[policy]\nmode = "normal"\ncapabilities = ["fs.read:/etc"]\nconfirm = ["files\\\\.write"]\n'], load: (s) => { write(join(dir, "agents", "fuzzed.toml"), s); loadAgentPolicy("fuzzed", dir); return []; } },
    { name: "services/*.toml", seeds: filesIn("image/services"), load: (s, f) => { validateService("fuzzed", s, f); return []; } },
  ];
}
