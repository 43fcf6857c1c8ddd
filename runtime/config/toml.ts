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

/** Runs a checker over a parsed file: a ConfigError it throws without a line gets the line of its key. */
export function locate<T>(source: string, file: string, fn: () => T): T {
  try { return fn(); } catch (e) {
    if (!(e instanceof ConfigError) || e.line !== undefined || e.file !== file || e.key.startsWith("(")) throw e;
    const line = lineIn(keyLines(source), e.key);
    throw line ? new ConfigError(e.file, e.key, e.problem, line, e.hint) : e;
  }
}

/**
 * The line of every key, table and array-of-tables entry, by dotted path: `web.port`, `remote[1].model`.
 * A light scan after parsing (smol-toml gives values, not positions); keys inside multi-line strings
 * are skipped, keys of inline tables map to the line of their table.
 */
export function keyLines(source: string): Map<string, number> {
  const lines = new Map<string, number>();
  const counts = new Map<string, number>();
  let prefix = "";
  let inString: string | undefined;
  source.split("\n").forEach((raw, i) => {
    const line = raw.replace(/^\s+/, "");
    if (inString) { if (line.split(inString).length % 2 === 0) inString = undefined; return; }
    const table = new RegExp(`^\\[\\[\\s*(${KEY})\\s*\\]\\]`).exec(line) ?? new RegExp(`^\\[\\s*(${KEY})\\s*\\]`).exec(line);
    if (table) {
      const name = normKey(table[1]!);
      if (line.startsWith("[[")) {
        const n = (counts.get(name) ?? -1) + 1;
        counts.set(name, n);
        prefix = `${name}[${n}]`;
        if (!lines.has(name)) lines.set(name, i + 1); // an error about the whole array names its first entry
      } else prefix = name;
      if (!lines.has(prefix)) lines.set(prefix, i + 1);
      return;
    }
    const assign = new RegExp(`^(${KEY})\\s*=`).exec(line);
    if (!assign || line.startsWith("#")) return;
    const full = prefix ? `${prefix}.${normKey(assign[1]!)}` : normKey(assign[1]!);
    if (!lines.has(full)) lines.set(full, i + 1);
    const opens = /=\s*("""|''')/.exec(line);
    if (opens && line.split(opens[1]!).length % 2 === 0) inString = opens[1];
  });
  return lines;
}

/** The line of a dotted key, or of the nearest table above it. */
export function lineIn(lines: Map<string, number>, key: string): number | undefined {
  for (let k = key; k; k = k.includes(".") ? k.slice(0, k.lastIndexOf(".")) : "") {
    const line = lines.get(k) ?? lines.get(k.replace(/\[\d+\]$/, ""));
    if (line) return line;
  }
  return undefined;
}

// A key is dotted parts, each bare, "quoted" (with escapes) or 'literal'; a dot inside quotes is no separator.
const PART = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const KEY = String.raw`${PART}(?:\s*\.\s*${PART})*`;
const unquote = (p: string) => {
  if (p.startsWith('"')) { try { return JSON.parse(p) as string; } catch { return p.slice(1, -1); } }
  return p.startsWith("'") ? p.slice(1, -1) : p;
};
const normKey = (k: string) => (k.match(new RegExp(PART, "g")) ?? []).map(unquote).join(".");
