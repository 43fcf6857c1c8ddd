// One config file (config.toml, or one in config.d) checked against the settings table: its values
// with the line each was set on, and a ConfigError naming file, line and key for each problem. A bad
// key is left out, a file with a syntax error gives no values: the layers below stay in force.
// Parsed files are cached by inode, size and mtime, because settings are resolved on every call.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { ConfigError } from "../errors.ts";
import { closest, didYouMean } from "./did-you-mean.ts";
import { fromToml, type Value } from "./kinds.ts";
import type { Setting } from "./settings.ts";
import { keyLines, lineIn } from "./toml.ts";

export interface FileValue { value: Value; text: string; line?: number }
export interface FileLayer { file: string; values: Map<string, FileValue>; errors: ConfigError[] }

export function checkSource(table: readonly Setting[], source: string, file: string): FileLayer {
  const values = new Map<string, FileValue>();
  const errors: ConfigError[] = [];
  let doc: Record<string, unknown>;
  try { doc = parse(source) as Record<string, unknown>; } catch (e) {
    const err = e as { line?: number; message: string };
    errors.push(new ConfigError(file, "(syntax)", err.message.split("\n")[0] ?? "invalid TOML", err.line, "the file is ignored until it parses; aiosctl config check lists every problem"));
    return { file, values, errors };
  }
  const lines = keyLines(source);
  const fail = (key: string, problem: string, hint?: string) => errors.push(new ConfigError(file, key, problem, lineIn(lines, key), hint));
  const byToml = new Map(table.map((s) => [s.toml, s]));
  const sections = [...new Set(table.map((s) => s.toml.split(".")[0]!))];
  const everyKey = table.map((s) => s.toml);

  for (const [section, body] of Object.entries(doc)) {
    const isTable = body !== null && typeof body === "object" && !Array.isArray(body) && !(body instanceof Date);
    if (!sections.includes(section)) {
      if (isTable) { fail(section, "unknown section", didYouMean(section, sections)); continue; }
      const moved = table.find((s) => s.key === section || s.toml.endsWith(`.${section}`))?.toml ?? closest(section, everyKey);
      fail(section, "unknown key (settings belong in a section)", moved ? `did you mean "${moved}"? ([${moved.split(".")[0]}] ${moved.split(".")[1]} = …)` : `sections: ${sections.join(", ")}`);
      continue;
    }
    if (!isTable) { fail(section, `must be a table: [${section}]`); continue; }
    const names = table.filter((s) => s.toml.startsWith(`${section}.`)).map((s) => s.toml.slice(section.length + 1));
    for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
      const key = `${section}.${name}`;
      const s = byToml.get(key);
      if (!s) {
        const elsewhere = table.find((t) => t.toml.endsWith(`.${name}`) || t.key === name)?.toml;
        fail(key, "unknown key", elsewhere ? `did you mean "${elsewhere}"?` : didYouMean(name, names));
        continue;
      }
      if (s.inFile === false) { fail(key, "cannot be set in a config file: it says where the config files are", `set ${s.env} or --set ${s.toml}=… instead`); continue; }
      const p = fromToml(s.kind, raw);
      if (p.ok) values.set(s.key, { value: p.value, text: p.text, line: lineIn(lines, key) });
      else fail(key, p.problem);
    }
  }
  return { file, values, errors };
}

type Cached<T> = { sig: string; table: readonly Setting[]; data: T };
const files = new Map<string, Cached<FileLayer>>();
const dirs = new Map<string, Cached<string[]>>();

// A stat costs ~10 µs here and a resolution makes a few: each path is looked at again after
// RECHECK_MS, so another process's edit shows within a quarter second; this process's own writes
// call forgetConfigCache().
const RECHECK_MS = 250;
const looked = new Map<string, { at: number; sig: string | undefined }>();
const signature = (path: string) => {
  const now = performance.now();
  const last = looked.get(path);
  if (last && now - last.at < RECHECK_MS) return last.sig;
  const st = statSync(path, { throwIfNoEntry: false });
  const sig = st && `${st.ino}:${st.size}:${st.mtimeMs}`;
  looked.set(path, { at: now, sig });
  return sig;
};

export function forgetConfigCache(): void { looked.clear(); }

/** A config file's layer, or undefined when the file does not exist. Re-read only when it changed. */
export function loadFile(table: readonly Setting[], file: string): FileLayer | undefined {
  let sig: string | undefined;
  try { sig = signature(file); } catch (e) { return unreadable(file, e); }
  if (!sig) return undefined;
  const hit = files.get(file);
  if (hit && hit.sig === sig && hit.table === table) return hit.data;
  let source: string;
  try { source = readFileSync(file, "utf8"); } catch (e) { return unreadable(file, e); }
  const data = checkSource(table, source, file);
  files.set(file, { sig, table, data });
  return data;
}

/** config.toml, then config.d/*.toml in lexical order: each overrides the one before. */
export function configFiles(table: readonly Setting[], configDir: string): string[] {
  const dir = join(configDir, "config.d");
  let sig: string | undefined;
  try { sig = signature(dir); } catch { sig = undefined; }
  let extra: string[] = [];
  if (sig) {
    const hit = dirs.get(dir);
    if (hit && hit.sig === sig && hit.table === table) extra = hit.data;
    else {
      try { extra = readdirSync(dir).filter((f) => f.endsWith(".toml")).sort().map((f) => join(dir, f)); } catch { extra = []; }
      dirs.set(dir, { sig, table, data: extra });
    }
  }
  return [join(configDir, "config.toml"), ...extra];
}

function unreadable(file: string, e: unknown): FileLayer {
  return { file, values: new Map(), errors: [new ConfigError(file, "(file)", `cannot read: ${(e as Error).message}`)] };
}
