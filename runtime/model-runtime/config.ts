// Settings of the model runtime process, from one table: environment for paths, models.toml for
// tuning. Resource profiles name a memory budget for loaded models; threads default to 1 because a
// 2-core appliance runs a tiny model fastest on one thread (PLATFORM.md: 4 threads → 4 tok/s).
import { existsSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { ConfigError } from "../errors.ts";
import { locate } from "../config/toml.ts";
import type { Tier } from "../models/model.ts";
import { setting } from "../config/settings.ts";

export const PROFILES = {
  minimal: { memoryBudgetMb: 1024 },
  standard: { memoryBudgetMb: 6144 },
  performance: { memoryBudgetMb: 24576 },
} as const;
export type Profile = keyof typeof PROFILES;

export interface TierThreshold { tier: Tier; maxParams: number }

export interface RuntimeConfig {
  socketPath: string;
  modelsDir: string;
  /** Where the runtime keeps its quarantine list and crash marker. */
  stateDir: string;
  profile: Profile;
  memoryBudgetBytes: number;
  threads: number;
  idleUnloadMs: number;
  contextSize: number;
  /** Ascending by maxParams: a model takes the first tier whose limit it fits. */
  tiers: TierThreshold[];
}

export const DEFAULT_TIERS: TierThreshold[] = [
  { tier: "local-small", maxParams: 4e9 },
  { tier: "local-medium", maxParams: 14e9 },
  { tier: "local-large", maxParams: Number.POSITIVE_INFINITY },
];

export function tierForParams(params: number, tiers: readonly TierThreshold[]): Tier {
  return tiers.find((t) => params <= t.maxParams)?.tier ?? "local-large";
}

type Env = Record<string, string | undefined>;

/** `file`: models.toml (an absent file, e.g. "", gives the defaults). */
export function loadRuntimeConfig(env: Env = process.env, file = setting("models_config", env)): RuntimeConfig {
  let toml: Record<string, unknown> = {}, source = "";
  if (existsSync(file)) {
    source = readFileSync(file, "utf8");
    try { toml = parse(source); } catch (cause) {
      throw new ConfigError(file, "(syntax)", `not valid TOML: ${(cause as Error).message.split("\n")[0]}`, (cause as { line?: number }).line, "fix the syntax");
    }
  }
  return locate(source, file, () => fromToml(file, toml, env));
}

function fromToml(file: string, toml: Record<string, unknown>, env: Env): RuntimeConfig {
  const rt = (toml.runtime ?? {}) as Record<string, unknown>;
  const tiersToml = (toml.tiers ?? {}) as Record<string, unknown>;
  const num = (table: Record<string, unknown>, key: string, fallback: number, min = 0) => {
    const v = table[key];
    if (v === undefined) return fallback;
    const section = table === tiersToml ? "tiers" : "runtime";
    if (typeof v !== "number" || !(v >= min)) throw new ConfigError(file, `${section}.${key}`, `must be a number ≥ ${min}, got ${JSON.stringify(v)}`);
    return v;
  };
  const profile = String(rt.profile ?? env.AIOS_PROFILE ?? "standard");
  if (!(profile in PROFILES)) throw new ConfigError(file, "runtime.profile", `unknown profile ${profile}`, undefined, `use one of ${Object.keys(PROFILES).join(", ")}`);
  const budgetMb = num(rt, "memory_budget_mb", PROFILES[profile as Profile].memoryBudgetMb, 1);
  return {
    socketPath: setting("model_socket", env),
    modelsDir: setting("models_dir", env),
    stateDir: `${setting("state_dir", env)}/model-runtime`,
    profile: profile as Profile,
    memoryBudgetBytes: budgetMb * 1024 * 1024,
    threads: num(rt, "threads", 1, 1),
    idleUnloadMs: num(rt, "idle_unload_seconds", 300, 0) * 1000,
    contextSize: num(rt, "context_size", 2048, 64),
    tiers: [
      { tier: "local-small", maxParams: num(tiersToml, "small_max_params", 4e9) },
      { tier: "local-medium", maxParams: num(tiersToml, "medium_max_params", 14e9) },
      { tier: "local-large", maxParams: Number.POSITIVE_INFINITY },
    ],
  };
}
