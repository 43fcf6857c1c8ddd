// Provider keys live in /etc/aios/secrets.toml, readable by root only. A file that group or others
// can read is refused outright: a leaked key is worse than a remote tier that is off.
import { existsSync, readFileSync, statSync } from "node:fs";
import { parse } from "smol-toml";
import { ConfigError } from "../../errors.ts";
import { locate } from "../../config/toml.ts";
import { setting } from "../../config/settings.ts";


export interface ProviderSecret { apiKey?: string; baseUrl?: string }
export type Secrets = Record<string, ProviderSecret>;

/**
 * Reads `[providers.<name>] api_key = "…"` tables. A missing file means no keys (remote tiers
 * without keys stay off); a readable-by-others file or bad TOML is a ConfigError.
 */
export function loadSecrets(path = setting("secrets")): Secrets {
  if (!existsSync(path)) return {};
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    throw new ConfigError(path, "(permissions)", `mode is ${mode.toString(8).padStart(4, "0")}; secrets must not be readable or writable by group or others`, undefined, `run: chmod 600 ${path}`);
  }
  let doc: Record<string, unknown>;
  const source = readFileSync(path, "utf8");
  try { doc = parse(source); } catch (cause) {
    const line = (cause as { line?: number }).line;
    throw new ConfigError(path, "(file)", `not valid TOML: ${(cause as Error).message.split("\n")[0]}`, line, "fix the syntax; values are quoted strings");
  }
  return locate(source, path, () => providersOf(path, doc));
}

function providersOf(path: string, doc: Record<string, unknown>): Secrets {
  const providers = (doc.providers ?? {}) as Record<string, Record<string, unknown>>;
  const out: Secrets = {};
  for (const [name, table] of Object.entries(providers)) {
    if (typeof table !== "object" || table === null) throw new ConfigError(path, `providers.${name}`, "must be a table");
    const apiKey = table.api_key, baseUrl = table.base_url;
    if (apiKey !== undefined && typeof apiKey !== "string") throw new ConfigError(path, `providers.${name}.api_key`, "must be a string");
    if (baseUrl !== undefined && typeof baseUrl !== "string") throw new ConfigError(path, `providers.${name}.base_url`, "must be a string");
    out[name] = { apiKey: apiKey as string | undefined, baseUrl: baseUrl as string | undefined };
  }
  return out;
}
