// Provider keys live in /etc/aios/secrets.toml, readable by root only. A file that group or others
// can read is refused outright: a leaked key is worse than a remote tier that is off.
import { existsSync, readFileSync } from "node:fs";
import { assertSecretMode } from "../../config/secret-mode.ts";
import { parse } from "smol-toml";
import { ConfigError } from "../../errors.ts";
import { locate } from "../../config/toml.ts";
import { setting } from "../../config/settings.ts";


export interface ProviderSecret { apiKey?: string; baseUrl?: string }
export type Secrets = Record<string, ProviderSecret>;

/**
 * The whole secrets file as TOML ([providers.*], [notify]): a missing file is empty; a file group or
 * others can read, or bad TOML, is a ConfigError.
 */
export function secretsDoc(path = setting("secrets")): Record<string, unknown> {
  if (!existsSync(path)) return {};
  assertSecretMode(path);
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (cause) {
    // A process that may not read root's keys (the web console, as aios-web) has none: its remote
    // tiers stay off, as without the file; the agent host and aiosctl read them.
    if ((cause as NodeJS.ErrnoException).code === "EACCES") return {};
    throw cause;
  }
  try { return parse(text); } catch (cause) {
    const line = (cause as { line?: number }).line;
    throw new ConfigError(path, "(file)", `not valid TOML: ${(cause as Error).message.split("\n")[0]}`, line, "fix the syntax; values are quoted strings");
  }
}

/**
 * Reads `[providers.<name>] api_key = "…"` tables. A missing file means no keys (remote tiers
 * without keys stay off); a readable-by-others file or bad TOML is a ConfigError.
 */
export function loadSecrets(path = setting("secrets")): Secrets {
  const doc = secretsDoc(path);
  let source = "";
  try { source = existsSync(path) ? readFileSync(path, "utf8") : ""; } catch { /* not ours to read: no keys, nothing to locate */ }
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
