// Reads the hierarchy's part of models.toml: remote models ([[remote]]), budgets ([budgets.*]) and
// per-decision-type policies ([policy.<type>]). Keys come from secrets.toml, joined here by provider.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { ConfigError } from "../../errors.ts";
import { locate } from "../../config/toml.ts";
import type { BudgetConfig, Limit } from "../budget/budgets.ts";
import { isTier, type Tier } from "../model.ts";
import type { RemoteModelConfig } from "../remote/config.ts";
import type { Secrets } from "../secrets/secrets.ts";
import type { PolicyOverrides } from "./policy.ts";

export interface HierarchyConfig { remotes: RemoteModelConfig[]; budgets: BudgetConfig; policies: PolicyOverrides }

type Table = Record<string, unknown>;

/** What an absent models.toml means: no remote models, no budgets, the built-in policies. */
export const hierarchyDefaults = (): HierarchyConfig => ({ remotes: [], budgets: { tiers: {}, agents: {} }, policies: {} });

export function loadHierarchyConfig(file: string, secrets: Secrets): HierarchyConfig {
  let doc: Table = {}, source = "";
  if (existsSync(file)) {
    source = readFileSync(file, "utf8");
    try { doc = parse(source); } catch (cause) {
      throw new ConfigError(file, "(syntax)", `not valid TOML: ${(cause as Error).message.split("\n")[0]}`, (cause as { line?: number }).line);
    }
  }
  return locate(source, file, () => check(file, doc, secrets));
}

function check(file: string, doc: Table, secrets: Secrets): HierarchyConfig {
  const str = (t: Table, key: string, where: string, fallback?: string): string => {
    const v = t[key] ?? fallback;
    if (typeof v !== "string" || !v) throw new ConfigError(file, `${where}.${key}`, "must be a non-empty string");
    return v;
  };
  const num = (t: Table, key: string, where: string): number | undefined => {
    const v = t[key];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || v < 0) throw new ConfigError(file, `${where}.${key}`, "must be a number ≥ 0");
    return v;
  };
  const tier = (t: Table, key: string, where: string): Tier | undefined => {
    const v = t[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !isTier(v)) throw new ConfigError(file, `${where}.${key}`, `must be one of reactive, local-small, local-medium, local-large, remote`);
    return v;
  };

  if (!Array.isArray(doc.remote ?? [])) throw new ConfigError(file, "remote", "must be a list of tables: [[remote]]");
  const remotes = ((doc.remote ?? []) as Table[]).map((r, i): RemoteModelConfig => {
    const where = `remote[${i}]`;
    const provider = str(r, "provider", where);
    const kind = str(r, "kind", where, "openai");
    if (kind !== "openai" && kind !== "anthropic") throw new ConfigError(file, `${where}.kind`, "must be openai or anthropic");
    const secret = secrets[provider] ?? {};
    const inUsd = num(r, "input_usd_per_mtok", where), outUsd = num(r, "output_usd_per_mtok", where);
    return {
      provider, kind, model: str(r, "model", where), apiKey: secret.apiKey,
      baseUrl: secret.baseUrl ?? str(r, "base_url", where, kind === "anthropic" ? "https://api.anthropic.com" : "https://api.openai.com/v1"),
      pricing: inUsd !== undefined || outUsd !== undefined ? { inputPerMTok: inUsd ?? 0, outputPerMTok: outUsd ?? 0 } : undefined,
      timeoutMs: (num(r, "timeout_seconds", where) ?? 60) * 1000,
    };
  });

  const limit = (t: unknown, where: string): Limit => ({ tokensPerDay: num((t ?? {}) as Table, "tokens_per_day", where), usdPerDay: num((t ?? {}) as Table, "usd_per_day", where) });
  const b = (doc.budgets ?? {}) as Table;
  const budgets: BudgetConfig = {
    tiers: Object.fromEntries(Object.entries((b.tiers ?? {}) as Table).map(([k, v]) => {
      if (!isTier(k)) throw new ConfigError(file, `budgets.tiers.${k}`, "unknown tier");
      return [k, limit(v, `budgets.tiers.${k}`)];
    })),
    agents: Object.fromEntries(Object.entries((b.agents ?? {}) as Table).map(([k, v]) => [k, limit(v, `budgets.agents.${k}`)])),
    defaultAgent: b.default_agent ? limit(b.default_agent, "budgets.default_agent") : undefined,
  };

  const policies: PolicyOverrides = {};
  for (const [type, raw] of Object.entries((doc.policy ?? {}) as Table)) {
    const p = raw as Table, where = `policy.${type}`;
    const bool = (key: string) => (p[key] === undefined ? undefined : Boolean(p[key]));
    const ttl = num(p, "cache_ttl_seconds", where);
    policies[type] = {
      ...(tier(p, "lowest", where) ? { lowest: tier(p, "lowest", where) } : {}),
      ...(tier(p, "highest", where) ? { highest: tier(p, "highest", where) } : {}),
      ...(num(p, "retries_per_tier", where) !== undefined ? { retriesPerTier: num(p, "retries_per_tier", where) } : {}),
      ...(ttl !== undefined ? { cacheTtlMs: ttl * 1000 } : {}),
      escalateOn: Object.fromEntries(Object.entries({
        invalid: bool("escalate_on_invalid"), unknown: bool("escalate_on_unknown"), timeout: bool("escalate_on_timeout"),
        tierDown: bool("escalate_on_tier_down"), lowConfidence: num(p, "low_confidence", where),
      }).filter(([, v]) => v !== undefined)),
    };
  }
  return { remotes, budgets, policies };
}
