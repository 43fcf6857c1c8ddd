// What a setting's value may be: read from TOML (the config files) or from text (defaults, AIOS_*
// variables, --set flags, `aiosctl config set`), checked, and written back as a TOML literal.
import { isAbsolute, resolve } from "node:path";

export type Kind =
  | { type: "path" }
  | { type: "string"; check?: (v: string) => string | undefined; what?: string }
  | { type: "int"; min: number; max: number }
  | { type: "bool" }
  | { type: "enum"; values: readonly string[] }
  | { type: "duration"; minMs: number; maxMs: number }
  | { type: "list" };

/** The typed value: number of milliseconds for a duration. */
export type Value = string | number | boolean | readonly string[];
/** `text` is the canonical text form: what `setting()` returns and the environment would hold. */
export type Parsed = { ok: true; value: Value; text: string } | { ok: false; problem: string };

export const path: Kind = { type: "path" };
export const bool: Kind = { type: "bool" };
export const list: Kind = { type: "list" };
export const int = (min: number, max: number): Kind => ({ type: "int", min, max });
export const oneOf = (...values: string[]): Kind => ({ type: "enum", values });
export const duration = (min: string, max: string): Kind => ({ type: "duration", minMs: ms(min)!, maxMs: ms(max)! });
export const text = (check?: (v: string) => string | undefined, what?: string): Kind => ({ type: "string", check, what });

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "90s", "1h30m", "500ms", "7d" → milliseconds; undefined when it is not a duration. */
export function ms(v: string): number | undefined {
  if (!/^(\d+(ms|s|m|h|d))+$/.test(v)) return undefined;
  let total = 0;
  for (const [, n, unit] of v.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return total;
}

const bad = (problem: string): Parsed => ({ ok: false, problem });
const good = (value: Value, text: string): Parsed => ({ ok: true, value, text });
const got = (v: unknown) => `got ${typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? "an array" : typeof v === "object" ? "a table" : String(v)}`;

/** A value as TOML gave it (number, boolean, string, array). */
export function fromToml(kind: Kind, v: unknown): Parsed {
  switch (kind.type) {
    case "int":
      return typeof v === "number" && Number.isInteger(v) ? inRange(kind, v) : bad(`must be an integer from ${kind.min} to ${kind.max}, ${got(v)}`);
    case "bool":
      return typeof v === "boolean" ? good(v, String(v)) : bad(`must be true or false, ${got(v)}`);
    case "list":
      return Array.isArray(v) && v.every((x) => typeof x === "string" && !x.includes(",")) ? good(v as string[], (v as string[]).join(","))
        : bad(`must be a list of strings (without commas), ${got(v)}`);
    case "path":
      if (typeof v === "string" && !isAbsolute(v)) return bad(`must be an absolute path, ${got(v)}`);
  }
  return typeof v === "string" ? fromText(kind, v) : bad(`must be a string (${describe(kind)}), ${got(v)}`);
}

/** A value written as text; a relative path is taken from the current directory. */
export function fromText(kind: Kind, v: string): Parsed {
  switch (kind.type) {
    case "path":
      return v === "" || v.includes("\0") ? bad("must be a path") : good(resolve(v), resolve(v));
    case "string": {
      const problem = kind.check?.(v);
      return problem ? bad(`${problem}, ${got(v)}`) : good(v, v);
    }
    case "int": {
      const n = /^-?\d+$/.test(v) ? Number(v) : NaN;
      return Number.isSafeInteger(n) ? inRange(kind, n) : bad(`must be an integer from ${kind.min} to ${kind.max}, ${got(v)}`);
    }
    case "bool":
      if (["true", "yes", "on", "1"].includes(v)) return good(true, "true");
      return ["false", "no", "off", "0"].includes(v) ? good(false, "false") : bad(`must be true or false, ${got(v)}`);
    case "enum":
      return kind.values.includes(v) ? good(v, v) : bad(`must be one of ${kind.values.join(", ")}, ${got(v)}`);
    case "duration": {
      const n = ms(v);
      if (n === undefined) return bad(`must be a duration like "90s", "15m", "1h" or "7d", ${got(v)}`);
      return n < kind.minMs || n > kind.maxMs ? bad(`must be from ${fmt(kind.minMs)} to ${fmt(kind.maxMs)}, ${got(v)}`) : good(n, v);
    }
    case "list": {
      const items = v.split(",").map((s) => s.trim()).filter(Boolean);
      return good(items, items.join(","));
    }
  }
}

/** The TOML literal for a checked value, as `config set` writes it. */
export function toToml(kind: Kind, p: Extract<Parsed, { ok: true }>): string {
  if (kind.type === "int" || kind.type === "bool") return p.text;
  if (kind.type === "list") return `[${(p.value as string[]).map((s) => JSON.stringify(s)).join(", ")}]`;
  return JSON.stringify(p.text);
}

/** A short phrase for the docs and error messages: "integer 1–65535", "one of off, propose, on". */
export function describe(kind: Kind): string {
  switch (kind.type) {
    case "path": return "absolute path";
    case "string": return kind.what ?? "string";
    case "int": return `integer ${kind.min}–${kind.max}`;
    case "bool": return "true or false";
    case "enum": return `one of ${kind.values.join(", ")}`;
    case "duration": return `duration ${fmt(kind.minMs)}–${fmt(kind.maxMs)} (e.g. "90s", "1h", "7d")`;
    case "list": return "list of strings";
  }
}

function inRange(kind: { min: number; max: number }, n: number): Parsed {
  return n < kind.min || n > kind.max ? bad(`must be an integer from ${kind.min} to ${kind.max}, got ${n}`) : good(n, String(n));
}

function fmt(n: number): string {
  const [unit, size] = Object.entries(UNIT_MS).reverse().find(([, size]) => n % size === 0 && n >= size) ?? ["ms", 1];
  return `${n / size}${unit}`;
}
