// Every path and setting of the running appliance in one table: its key, the environment variable
// that overrides it, its default and its help. Defaults may name other keys ({state_dir}/aios.db), so
// moving the state dir moves everything under it. Values are read when asked for, never cached:
// tests set the variables per test. The config file layers and `aiosctl config` are meant to be
// generated from this same table (the key is the TOML key).

export interface Setting {
  /** snake_case, as it will appear in /etc/aios/config.toml. */
  key: string;
  env: string;
  /** Literal, or with {key} placeholders for other settings. */
  default: string;
  help: string;
}

export const SETTINGS = [
  { key: "state_dir", env: "AIOS_STATE_DIR", default: "/var/lib/aios", help: "persistent state (the AIOS-STATE disk, or RAM without one)" },
  { key: "config_dir", env: "AIOS_CONFIG_DIR", default: "/etc/aios", help: "configuration: policy, agents, models, operator services" },
  { key: "run_dir", env: "AIOS_RUN_DIR", default: "/run/aios", help: "sockets and other runtime files (tmpfs)" },
  { key: "state_db", env: "AIOS_STATE_DB", default: "{state_dir}/aios.db", help: "the state database (samples, audit, memory, decisions)" },
  { key: "control_socket", env: "AIOS_CONTROL", default: "{run_dir}/init.sock", help: "init's control socket (aiosctl, the consoles)" },
  { key: "model_socket", env: "AIOS_MODEL_SOCKET", default: "{run_dir}/models.sock", help: "the local model runtime's socket" },
  { key: "agents_state_dir", env: "AIOS_AGENTS_STATE_DIR", default: "{state_dir}/agents", help: "the unprivileged agent host's own folder (agents.db: incidents, jobs, memo, decisions)" },
  { key: "agents_db", env: "AIOS_AGENTS_DB", default: "{agents_state_dir}/agents.db", help: "the agents' database" },
  { key: "agents_run_dir", env: "AIOS_AGENTS_RUN_DIR", default: "{run_dir}/agents", help: "the agent host's runtime folder (owned by aios-agent)" },
  { key: "agent_socket", env: "AIOS_AGENT_SOCKET", default: "{agents_run_dir}/agents.sock", help: "the agent host's socket (agents, incidents, pause/resume)" },
  { key: "executor_socket", env: "AIOS_EXECUTOR_SOCKET", default: "{run_dir}/executor.sock", help: "the executor's socket for the agent host (root:aios-agent 0660)" },
  { key: "executor_admin_socket", env: "AIOS_EXECUTOR_ADMIN_SOCKET", default: "{run_dir}/executor-admin.sock", help: "the executor's socket for people (root 0600): approve, reject, autonomy" },
  { key: "agents_file", env: "AIOS_AGENTS", default: "{config_dir}/agents.json", help: "the compiled built-in agent declarations" },
  { key: "operator_agents", env: "AIOS_OPERATOR_AGENTS", default: "{config_dir}/agents", help: "operator overrides of agent declarations (*.toml)" },
  { key: "autonomy_file", env: "AIOS_AUTONOMY_FILE", default: "{state_dir}/autonomy", help: "the appliance-wide autonomy switch (off, propose, on)" },
  { key: "log_dir", env: "AIOS_LOG_DIR", default: "{state_dir}/log", help: "service logs, one file per service" },
  { key: "snapshot_dir", env: "AIOS_SNAPSHOT_DIR", default: "{state_dir}/snapshots", help: "snapshots taken before changes" },
  { key: "models_dir", env: "AIOS_MODELS_DIR", default: "{state_dir}/models", help: "GGUF model files the local runtime serves" },
  { key: "models_config", env: "AIOS_MODELS_CONFIG", default: "{config_dir}/models.toml", help: "tiers, policies, budgets and remote providers" },
  { key: "secrets", env: "AIOS_SECRETS", default: "{config_dir}/secrets.toml", help: "provider API keys (root only)" },
  { key: "services_file", env: "AIOS_SERVICES", default: "{config_dir}/services.json", help: "the compiled built-in service declarations" },
  { key: "operator_services", env: "AIOS_OPERATOR_SERVICES", default: "{config_dir}/services", help: "operator service declarations (*.toml)" },
  { key: "web_port", env: "AIOS_WEB_PORT", default: "9090", help: "the web console's TCP port" },
  { key: "metrics_public", env: "AIOS_METRICS_PUBLIC", default: "false", help: "serve the web console's /metrics without the token (true: for a Prometheus on a trusted network)" },
] as const satisfies readonly Setting[];

export type SettingKey = (typeof SETTINGS)[number]["key"];
type Env = Record<string, string | undefined>;

const byKey = new Map<string, Setting>(SETTINGS.map((s) => [s.key, s]));

/** The value of one setting: its environment variable if set (non-empty), else its default. */
export function setting(key: SettingKey, env: Env = process.env): string {
  return resolve(key, env, []);
}

function resolve(key: string, env: Env, seen: string[]): string {
  const s = byKey.get(key);
  if (!s) throw new Error(`settings: unknown key "${key}"`);
  if (seen.includes(key)) throw new Error(`settings: ${[...seen, key].join(" -> ")} is a cycle`);
  const set = env[s.env];
  if (set) return set;
  return s.default.replace(/\{(\w+)\}/g, (_, ref: string) => resolve(ref, env, [...seen, key]));
}

/** Every setting with its current value, for `--help`, docs and (later) `aiosctl config`. */
export function allSettings(env: Env = process.env): { key: SettingKey; env: string; value: string; default: string; help: string }[] {
  return SETTINGS.map((s) => ({ key: s.key, env: s.env, value: setting(s.key, env), default: s.default, help: s.help }));
}
