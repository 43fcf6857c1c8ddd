// Reading a declaration file: TOML parsed, or a ConfigError naming the file and the line of the syntax
// error; and the `fail` every checker uses to name file, line and key.
import { parse } from "smol-toml";
import { ConfigError } from "../errors.ts";

export function parseToml(source: string, file: string): Record<string, unknown> {
  try {
    return parse(source) as Record<string, unknown>;
  } catch (e) {
    const err = e as { line?: number; message: string };
    throw new ConfigError(file, "(syntax)", err.message.split("\n")[0] ?? "invalid TOML", err.line);
  }
}

/** The line a key is first assigned on, so errors point at it. */
export function lineOf(source: string, key: string): number | undefined {
  const re = new RegExp(`(^|[\\s{,\\[])${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*=`);
  const i = source.split("\n").findIndex((l) => re.test(l) || l.trim() === `[${key}]` || l.trim() === `[[${key}]]`);
  return i >= 0 ? i + 1 : undefined;
}

/** A thrower that names the file, the key (dotted; its last part is looked up for the line) and the problem. */
export function failerFor(source: string, file: string) {
  return (key: string, problem: string, hint?: string): never => {
    throw new ConfigError(file, key, problem, lineOf(source, key.split(".").pop()!.replace(/\[\d+\]$/, "")), hint);
  };
}
