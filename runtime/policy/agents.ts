// Where an agent's policy comes from on the appliance: the [policy] table of
// <config dir>/agents/<agent>.toml. The one built-in is "operator" (a person at aiosctl or a console),
// who may ask for anything but, in safe mode, gets every change queued for approval first.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { ConfigError, NotFoundError } from "../errors.ts";
import { parseAgentPolicy } from "./config.ts";
import type { AgentPolicy } from "./modes.ts";
import { setting } from "../config/settings.ts";
import { locate } from "../config/toml.ts";

export const configDir = () => setting("config_dir");

export const OPERATOR_DEFAULT = { mode: "safe", capabilities: ["*"] } as const;

export function agentPolicyFile(agent: string, dir = configDir()): string {
  return `${dir}/agents/${agent}.toml`;
}

/** Reads the agent's policy afresh on each call, so an edited file applies to the next call. */
export function loadAgentPolicy(agent: string, dir = configDir()): AgentPolicy {
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(agent)) throw new NotFoundError(`no agent "${agent}"`, "agent names are lowercase letters, digits and dashes");
  const file = agentPolicyFile(agent, dir);
  if (!existsSync(file)) {
    if (agent === "operator") return parseAgentPolicy(agent, OPERATOR_DEFAULT, "(built-in operator policy)");
    throw new NotFoundError(`no policy for agent "${agent}"`, `declare it in ${file} under [policy]`);
  }
  let raw: Record<string, unknown>;
  const source = readFileSync(file, "utf8");
  try {
    raw = parse(source) as Record<string, unknown>;
  } catch (e) {
    const err = e as { line?: number; message: string };
    throw new ConfigError(file, "(syntax)", err.message.split("\n")[0] ?? "invalid TOML", err.line);
  }
  return locate(source, file, () => parseAgentPolicy(agent, raw.policy, file));
}
