// Resolving a setting through the layers, each overriding the one before: the compiled default,
// config.toml, config.d/*.toml (lexical order), the AIOS_* variable, a --set flag. A value a layer
// gets wrong is skipped (the layer below wins) and its error reported once: a broken file never
// stops a reader, PID 1 included. Nothing is cached but parsed files, so tests can set AIOS_* per test.
import { ConfigError } from "../errors.ts";
import { didYouMean } from "./did-you-mean.ts";
import { configFiles, type FileLayer, loadFile } from "./file.ts";
import { currentFlags } from "./flags.ts";
import { fromText, type Value } from "./kinds.ts";
import type { Setting } from "./settings.ts";

export type Env = Record<string, string | undefined>;
export type Source =
  | { layer: "flag"; flag: string }
  | { layer: "env"; env: string }
  | { layer: "file"; file: string; line?: number }
  | { layer: "default"; default: string };

export interface Explained {
  key: string;
  toml: string;
  value: Value;
  text: string;
  source: Source;
  /** Lower layers that also set it, highest first. */
  shadowed: { source: Source; text: string }[];
  /** Problems with this setting in any layer (the value above skipped them). */
  errors: ConfigError[];
}

const indexes = new WeakMap<readonly Setting[], Map<string, Setting>>();
export function findSetting(table: readonly Setting[], name: string): Setting | undefined {
  let index = indexes.get(table);
  if (!index) indexes.set(table, index = new Map(table.flatMap((s) => [[s.key, s], [s.toml, s]])));
  return index.get(name);
}

/** Where the config files are: config_dir from the flags, the environment or its default, never a file. */
export function fileLayers(table: readonly Setting[], env: Env): FileLayer[] {
  const dir = table.find((s) => s.inFile === false);
  if (!dir) return [];
  const layers = configFiles(table, explainWith(table, dir.key, env, [], () => []).text).map((f) => loadFile(table, f)).filter((l) => l !== undefined);
  for (const l of layers) l.errors.forEach(report);
  return layers;
}

export function explainIn(table: readonly Setting[], key: string, env: Env): Explained {
  let layers: FileLayer[] | undefined;
  return explainWith(table, key, env, [], () => (layers ??= fileLayers(table, env)));
}

/** `files` gives the file layers (read once per resolution), or none while locating them. */
function explainWith(table: readonly Setting[], key: string, env: Env, seen: string[], files: () => FileLayer[]): Explained {
  const s = findSetting(table, key);
  if (!s) throw new Error(`settings: unknown key "${key}"`);
  if (seen.includes(s.key)) throw new Error(`settings: ${[...seen, s.key].join(" -> ")} is a cycle`);
  const found: { source: Source; text: string; value: Value }[] = [];
  const errors: ConfigError[] = [];
  const offer = (source: Source, text: string, where: string, line?: number) => {
    const p = fromText(s.kind, text);
    if (p.ok) found.push({ source, text: p.text, value: p.value });
    else errors.push(report(new ConfigError(where, s.toml, p.problem, line)));
  };

  const flag = currentFlags().filter((f) => f.name === s.key || f.name === s.toml).at(-1);
  if (flag) offer({ layer: "flag", flag: flag.flag }, flag.text, "command line");
  const fromEnv = env[s.env];
  if (fromEnv) offer({ layer: "env", env: s.env }, fromEnv, `environment ${s.env}`);
  for (const layer of [...files()].reverse()) {
    const v = layer.values.get(s.key);
    if (v) found.push({ source: { layer: "file", file: layer.file, line: v.line }, text: v.text, value: v.value });
    errors.push(...layer.errors.filter((e) => e.key === s.toml || e.key.startsWith("("))); // this key's, and whole-file ones
  }
  const expanded = s.default.replace(/\{(\w+)\}/g, (_, ref: string) => explainWith(table, ref, env, [...seen, s.key], files).text);
  const p = fromText(s.kind, expanded);
  if (!p.ok) throw new Error(`settings: the default of ${s.key} is invalid: ${p.problem}`);
  found.push({ source: { layer: "default", default: s.default }, text: p.text, value: p.value });

  const [top, ...rest] = found;
  return { key: s.key, toml: s.toml, value: top!.value, text: top!.text, source: top!.source, shadowed: rest, errors };
}

/** Every problem in every layer: the files, the environment, unknown --set keys. */
export function allErrors(table: readonly Setting[], env: Env): ConfigError[] {
  const errors = fileLayers(table, env).flatMap((l) => l.errors);
  for (const s of table) {
    const fromEnv = env[s.env];
    const p = fromEnv ? fromText(s.kind, fromEnv) : undefined;
    if (p && !p.ok) errors.push(new ConfigError(`environment ${s.env}`, s.toml, p.problem));
  }
  for (const f of currentFlags()) {
    const s = findSetting(table, f.name);
    const p = s && fromText(s.kind, f.text);
    if (!s) errors.push(new ConfigError("command line", f.name, "unknown setting", undefined, `${f.flag}: ${didYouMean(f.name, table.map((t) => t.toml))}`));
    else if (p && !p.ok) errors.push(new ConfigError("command line", s.toml, p.problem));
  }
  return errors;
}

let reporter: (e: ConfigError) => void = (e) => console.error(`aios: config: ${e.message}${e.hint ? ` (${e.hint})` : ""}`);
const reported = new Set<string>();

/** Where config problems go (stderr by default, which init logs per service); each is told once. */
export function onConfigError(fn: (e: ConfigError) => void): void { reporter = fn; }

function report(e: ConfigError): ConfigError {
  if (!reported.has(e.message)) { reported.add(e.message); reporter(e); }
  return e;
}

/** A default with its placeholders filled from the other defaults only (for the docs and the shipped file). */
export function defaultText(table: readonly Setting[], key: string): string {
  const s = findSetting(table, key)!;
  return s.default.replace(/\{(\w+)\}/g, (_, ref: string) => defaultText(table, ref));
}
