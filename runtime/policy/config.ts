// Reads an agent's policy from its parsed config (the [policy] table of the agent's TOML), checking
// every field so a typo is reported with file and key instead of silently widening grants.
import { ConfigError } from "../errors.ts";
import { type AgentPolicy, type Mode, MODES } from "./modes.ts";

export function parseAgentPolicy(agent: string, raw: unknown, file: string): AgentPolicy {
  const t = (raw ?? {}) as Record<string, unknown>;
  if (typeof t !== "object" || Array.isArray(t)) throw new ConfigError(file, "policy", "must be a table");
  const mode = t.mode ?? "safe";
  if (typeof mode !== "string" || !MODES.includes(mode as Mode)) throw new ConfigError(file, "policy.mode", `must be one of ${MODES.join(", ")}, got ${JSON.stringify(mode)}`);
  const list = (key: string): string[] => {
    const v = t[key] ?? [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new ConfigError(file, `policy.${key}`, "must be a list of strings");
    return v as string[];
  };
  const patterns = { dangerous: list("dangerous"), confirm: list("confirm") };
  for (const [key, ps] of Object.entries(patterns)) {
    for (const p of ps) {
      try { new RegExp(p); } catch { throw new ConfigError(file, `policy.${key}`, `invalid regular expression ${JSON.stringify(p)}`); }
    }
  }
  return { agent, mode: mode as Mode, capabilities: list("capabilities"), allowlist: list("allowlist"), patterns };
}
