// Turns one agent declaration (TOML) into an AgentSpec, or a ConfigError naming the file, line and key.
// An operator override is the same format; `base` is the image's declaration it is laid over.
import { Cron } from "croner";
import { failerFor, parseToml } from "../../runtime/config/toml.ts";
import { ConfigError } from "../../runtime/errors.ts";
import { didYouMean } from "../../runtime/config/did-you-mean.ts";
import { parseAgentPolicy } from "../../runtime/policy/config.ts";
import { isTier, TIERS } from "../../runtime/models/model.ts";
import type { AgentSpec, JobSpec } from "./types.ts";

const KEYS = ["description", "enabled", "interval_ms", "watches", "decisions", "tools", "policy", "escalation", "jobs", "settings"];
const POLICY_KEYS = ["mode", "capabilities", "confirm", "dangerous", "allowlist"];
const ESCALATION_KEYS = ["highest", "verify_cycles"];
const JOB_KEYS = ["name", "cron", "description"];
export const AGENT_NAME = /^[a-z][a-z0-9-]{0,39}$/;

export function validateAgent(name: string, source: string, file: string, base?: AgentSpec): AgentSpec {
  const raw = parseToml(source, file);
  const fail = failerFor(source, file);
  if (!AGENT_NAME.test(name)) fail("(name)", `agent name "${name}" must be lowercase letters, digits and dashes`);
  const unknown = (keys: string[], known: string[], prefix = "") => {
    for (const k of keys) if (!known.includes(k)) fail(`${prefix}${k}`, "unknown key", didYouMean(k, known));
  };
  unknown(Object.keys(raw), KEYS);

  const strings = (k: string, v: unknown, def: string[]): string[] => {
    if (v === undefined) return def;
    return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : fail(k, "must be a list of strings");
  };
  const table = (k: string, v: unknown): Record<string, unknown> | undefined => {
    if (v === undefined) return undefined;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(k, "must be a table");
  };
  const description = raw.description === undefined && base ? base.description : raw.description;
  if (typeof description !== "string" || !description) fail("description", "must be a non-empty string");
  const enabled = raw.enabled ?? base?.enabled ?? true;
  if (typeof enabled !== "boolean") fail("enabled", "must be true or false");
  const intervalMs = raw.interval_ms ?? base?.intervalMs ?? 10_000;
  if (typeof intervalMs !== "number" || !Number.isInteger(intervalMs) || intervalMs < 200) fail("interval_ms", "must be an integer ≥ 200");

  const p = table("policy", raw.policy);
  if (p) unknown(Object.keys(p), POLICY_KEYS, "policy.");
  let policy = base?.policy;
  if (p || !policy) {
    try {
      const merged = { ...(base ? { mode: base.policy.mode, capabilities: base.policy.capabilities, confirm: base.policy.confirm, dangerous: base.policy.dangerous, allowlist: base.policy.allowlist } : { mode: "normal" }), ...p };
      const parsed = parseAgentPolicy(name, merged, file);
      policy = { mode: parsed.mode, capabilities: parsed.capabilities, confirm: parsed.patterns.confirm, dangerous: parsed.patterns.dangerous, allowlist: parsed.allowlist };
    } catch (e) {
      if (e instanceof ConfigError) fail(e.key, e.problem);
      throw e;
    }
  }

  const esc = table("escalation", raw.escalation) ?? {};
  unknown(Object.keys(esc), ESCALATION_KEYS, "escalation.");
  const highest = esc.highest ?? base?.escalation.highest ?? "remote";
  if (typeof highest !== "string" || !isTier(highest)) fail("escalation.highest", `must be one of ${TIERS.join(", ")}`);
  const verifyCycles = esc.verify_cycles ?? base?.escalation.verifyCycles ?? 3;
  if (typeof verifyCycles !== "number" || !Number.isInteger(verifyCycles) || verifyCycles < 1 || verifyCycles > 100) fail("escalation.verify_cycles", "must be an integer from 1 to 100");

  let jobs = base?.jobs ?? [];
  if (raw.jobs !== undefined) {
    if (!Array.isArray(raw.jobs)) fail("jobs", "must be an array of tables ([[jobs]])");
    jobs = (raw.jobs as unknown[]).map((j, i): JobSpec => {
      const t = table(`jobs[${i}]`, j)!;
      unknown(Object.keys(t), JOB_KEYS, `jobs[${i}].`);
      if (typeof t.name !== "string" || !AGENT_NAME.test(t.name)) fail(`jobs[${i}].name`, "must be lowercase letters, digits and dashes");
      if (typeof t.cron !== "string") fail(`jobs[${i}].cron`, "must be a cron expression string");
      try { new Cron(t.cron as string, { paused: true }); } catch (e) { fail(`jobs[${i}].cron`, `invalid cron expression "${t.cron}": ${(e as Error).message}`); }
      if (t.description !== undefined && typeof t.description !== "string") fail(`jobs[${i}].description`, "must be a string");
      return { name: t.name as string, cron: t.cron as string, description: t.description as string | undefined };
    });
    const names = jobs.map((j) => j.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) fail("jobs", `job "${dup}" declared twice`);
  }
  const settings = { ...base?.settings, ...(table("settings", raw.settings) ?? {}) };

  return {
    name, description: description as string, source: base ? `${base.source} + ${file}` : file, enabled: enabled as boolean,
    intervalMs: intervalMs as number,
    watches: strings("watches", raw.watches, base?.watches ?? []),
    decisions: strings("decisions", raw.decisions, base?.decisions ?? []),
    tools: strings("tools", raw.tools, base?.tools ?? []),
    policy: policy!, escalation: { highest: highest as AgentSpec["escalation"]["highest"], verifyCycles: verifyCycles as number }, jobs, settings,
  };
}
