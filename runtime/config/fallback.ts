// A configuration file that is wrong must not take a service down: its loader's ConfigError is
// reported with file:line:key and the defaults are used, as if the file were absent.
import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "../errors.ts";
import { keyLines, lineIn, lineOf } from "./toml.ts";

/** The error with the line of its key in its file, when the loader did not give one. */
export function withLine(e: ConfigError): ConfigError {
  if (e.line || !existsSync(e.file) || e.key.startsWith("(")) return e;
  let source: string;
  try { source = readFileSync(e.file, "utf8"); } catch { return e; }
  const line = lineIn(keyLines(source), e.key) ?? lineOf(source, e.key.split(".").pop()!.replace(/\[\d+\]$/, ""));
  return line ? new ConfigError(e.file, e.key, e.problem, line, e.hint) : e;
}

export interface Loaded<T> { value: T; problem?: ConfigError }

const say = (e: ConfigError) => console.error(`config: ${e.message}; using the defaults instead${e.hint ? ` (${e.hint})` : ""}`);

/** `load()`, or `defaults()` when the file is wrong (any other error still throws). */
export function orDefaults<T>(load: () => T, defaults: () => T, report: (e: ConfigError) => void = say): Loaded<T> {
  try {
    return { value: load() };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const problem = withLine(err);
    report(problem);
    return { value: defaults(), problem };
  }
}
