// `aiosctl config check` for agent overrides: each /etc/aios/agents/<name>.toml laid over the
// compiled declaration and checked against the agent's code, exactly as the host does at start, but
// every problem is returned (a ConfigError naming file, line and key) instead of disabling the agent.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ConfigError, errorMessage } from "../../runtime/errors.ts";
import { AGENT_MODULES } from "../registry.ts";
import { checkAgainstCode } from "./compile.ts";
import { applianceToolNames } from "./image.ts";
import type { AgentDb } from "./types.ts";
import { validateAgent } from "./validate.ts";

export function checkAgentOverrides(compiledFile: string, dir: string): { checked: string[]; errors: ConfigError[] } {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".toml")).sort().map((f) => join(dir, f)) : [];
  if (!files.length) return { checked: [], errors: [] };
  if (!existsSync(compiledFile)) {
    return { checked: files, errors: [new ConfigError(compiledFile, "(file)", "missing: agent overrides cannot be checked without the compiled declarations")] };
  }
  const compiled = JSON.parse(readFileSync(compiledFile, "utf8")) as AgentDb;
  const tools = applianceToolNames();
  const errors = files.flatMap((file) => {
    const name = basename(file, ".toml");
    const base = compiled.agents.find((a) => a.name === name);
    if (!base) return [new ConfigError(file, "(name)", `no built-in agent "${name}" to override`, undefined, `agents: ${compiled.agents.map((a) => a.name).join(", ")}`)];
    try {
      checkAgainstCode({ ...validateAgent(name, readFileSync(file, "utf8"), file, base), source: file }, AGENT_MODULES[name], tools);
      return [];
    } catch (e) {
      return [e instanceof ConfigError ? e : new ConfigError(file, "(file)", errorMessage(e))];
    }
  });
  return { checked: files, errors };
}
