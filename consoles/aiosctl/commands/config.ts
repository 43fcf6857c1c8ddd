// aiosctl config: the system configuration (/etc/aios/config.toml and its layers); registered in
// ../aiosctl.ts. show and get say where each value comes from, set writes config.toml keeping its
// comments and says what to restart, check lists every problem in every configuration file.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { defineCommand, type CommandDef } from "citty";
import { didYouMean } from "../../../runtime/config/did-you-mean.ts";
import { auditOnce } from "../../../runtime/audit/append.ts";
import { setKey, writeAtomically } from "../../../runtime/config/edit.ts";
import { checkSource } from "../../../runtime/config/file.ts";
import { fromText, toToml } from "../../../runtime/config/kinds.ts";
import { allErrors, type Explained, findSetting, type Source } from "../../../runtime/config/resolve.ts";
import { explain, setting, SETTINGS, type Setting } from "../../../runtime/config/settings.ts";
import { type ConfigError, SystemError, UserError } from "../../../runtime/errors.ts";
import { act, EXIT } from "../fail.ts";
import { checkConfig } from "./config-check.ts";
import { who } from "./tool-call.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;

export const sourceText = (s: Source): string =>
  s.layer === "flag" ? s.flag : s.layer === "env" ? `$${s.env}` : s.layer === "file" ? `${s.file}${s.line ? `:${s.line}` : ""}` : "default";
const errorJson = (e: ConfigError) => ({ file: e.file, line: e.line ?? null, key: e.key, problem: e.problem, hint: e.hint ?? null, message: e.message });
const errorText = (e: ConfigError) => `${e.message}${e.hint ? `\n  hint: ${e.hint}` : ""}`;
const row = (x: Explained, s: Setting) => ({ ...x, errors: x.errors.map(errorJson), restart: s.restart, env: s.env });

function lookup(key: string): Setting {
  const s = findSetting(SETTINGS, key);
  if (!s) throw new UserError(`no setting "${key}"`, `${didYouMean(key, SETTINGS.map((t) => t.toml))} (aiosctl config show --all lists them)`);
  return s;
}

function warn(errors: ConfigError[]): void {
  if (errors.length) process.stderr.write(`${errors.map((e) => `warning: ${e.message}`).join("\n")}\n(aiosctl config check lists every problem)\n`);
}

const show = defineCommand({
  meta: { name: "show", description: "effective settings and where each comes from (--all: defaults too)" },
  args: { all: { type: "boolean", description: "every setting, defaults included" }, json },
  run: act(async (a: { all?: boolean; json?: boolean }) => {
    const rows = SETTINGS.map((s) => ({ s, x: explain(s.key) })).filter(({ x }) => a.all || x.source.layer !== "default");
    const errors = allErrors(SETTINGS, process.env);
    if (a.json) { console.log(JSON.stringify({ settings: rows.map(({ s, x }) => row(x, s)), errors: errors.map(errorJson) }, null, 2)); return; }
    const w = Math.max(3, ...rows.map(({ s }) => s.toml.length)), v = Math.max(5, ...rows.map(({ x }) => Math.min(x.text.length, 40)));
    const lines = rows.map(({ s, x }) => `${s.toml.padEnd(w)}  ${x.text.padEnd(v)}  ${sourceText(x.source)}${x.shadowed[0] && x.shadowed[0].source.layer !== "default" ? ` (over ${sourceText(x.shadowed[0].source)})` : ""}`);
    console.log(lines.length ? [`${"KEY".padEnd(w)}  ${"VALUE".padEnd(v)}  FROM`, ...lines].join("\n") : "every setting is at its default (--all lists them)");
    warn(errors);
  }),
});

const get = defineCommand({
  meta: { name: "get", description: "one setting's value (stdout), where it comes from and what it overrides (stderr)" },
  args: { key: { type: "positional", required: true, description: "e.g. web.port" }, json },
  run: act(async (a: { key: string; json?: boolean }) => {
    const s = lookup(a.key);
    const x = explain(s.key);
    if (a.json) { console.log(JSON.stringify(row(x, s), null, 2)); return; }
    console.log(x.text);
    process.stderr.write(`# from ${sourceText(x.source)}${x.shadowed.map((o) => `, over ${sourceText(o.source)} (${o.text})`).join("")}\n`);
    warn(x.errors);
  }),
});

const set = defineCommand({
  meta: { name: "set", description: "check a value and write it into config.toml (comments kept); says what to restart" },
  args: { key: { type: "positional", required: true, description: "e.g. web.port" }, value: { type: "positional", required: true, description: "e.g. 8080" }, json },
  run: act(async (a: { key: string; value: string; json?: boolean }) => {
    const s = lookup(a.key);
    if (s.inFile === false) throw new UserError(`${s.toml} cannot be set in config.toml: it says where config.toml is`, `set ${s.env} in the environment, or --set ${s.toml}=… on a command line`);
    if (s.kind.type === "path" && !isAbsolute(a.value)) throw new UserError(`${s.toml}: must be an absolute path, got "${a.value}"`);
    const p = fromText(s.kind, a.value);
    if (!p.ok) throw new UserError(`${s.toml}: ${p.problem}`, `aiosctl config show --all --json gives each setting's kind`);
    const file = join(setting("config_dir"), "config.toml");
    const before = existsSync(file) ? readFileSync(file, "utf8") : "";
    const old = checkSource(SETTINGS, before, file);
    const broken = old.errors.find((e) => e.key === "(syntax)");
    if (broken) throw new UserError(`${broken.message}: fix the file before setting keys in it`, "aiosctl config check lists every problem");
    const after = setKey(before, s.toml, toToml(s.kind, p));
    const check = checkSource(SETTINGS, after, file);
    if (check.values.get(s.key)?.text !== p.text || check.errors.length > old.errors.length) {
      throw new SystemError(`could not place ${s.toml} in ${file} safely; the file is unchanged`, "edit it by hand, then aiosctl config check");
    }
    try { writeAtomically(file, after); } catch (e) {
      throw new SystemError(`cannot write ${file}: ${(e as Error).message}`, "run as root; on a read-only /etc use a config.d drop-in on the state disk", { cause: e });
    }
    const previous = old.values.get(s.key)?.text ?? null;
    // A person's change to the system is audited like an agent's; a log that cannot take it (a full
    // state disk) does not undo the change, and says so.
    try { auditOnce({ kind: "config.set", actor: who(), subject: s.toml, data: { from: previous, to: p.text, file } }); } catch (e) {
      process.stderr.write(`warning: ${s.toml} is set, but the audit log could not record it: ${(e as Error).message}\n`);
    }
    const effective = explain(s.key);
    const result = { key: s.key, toml: s.toml, text: p.text, value: p.value, file, line: check.values.get(s.key)?.line ?? null, previous, restart: s.restart, effective: row(effective, s) };
    if (a.json) { console.log(JSON.stringify(result, null, 2)); return; }
    console.log(`${s.toml} = ${p.text} in ${file}${result.line ? `:${result.line}` : ""}${previous !== null ? ` (was ${previous})` : ""}`);
    console.log(s.restart.length === 0 ? "applies at once" : s.restart.includes("reboot") ? "takes effect after a reboot" : `restart to apply: ${s.restart.map((r) => `aiosctl restart ${r}`).join("; ")}`);
    if (effective.source.layer !== "file" || effective.source.file !== file) process.stderr.write(`note: ${sourceText(effective.source)} overrides it here: the value in effect is ${effective.text}\n`);
  }),
});

const check = defineCommand({
  meta: { name: "check", description: "check config.toml, config.d, models.toml, agents/*.toml and secrets.toml; lists every problem" },
  args: { file: { type: "positional", required: false, description: "one file only" }, json },
  run: act(async (a: { file?: string; json?: boolean }) => {
    const r = await checkConfig(a.file);
    if (a.json) console.log(JSON.stringify({ ok: r.errors.length === 0, checked: r.checked, errors: r.errors.map(errorJson) }, null, 2));
    else if (r.errors.length) process.stderr.write(`${r.errors.map(errorText).join("\n")}\n${r.errors.length} problem${r.errors.length === 1 ? "" : "s"} in ${new Set(r.errors.map((e) => e.file)).size} file(s)\n`);
    else console.log(`ok: ${r.checked.length ? r.checked.join(", ") : "no configuration files (every setting at its default)"}`);
    return r.errors.length ? EXIT.failure : EXIT.ok;
  }),
});

const config = defineCommand({
  meta: { name: "config", description: "the system configuration (/etc/aios/config.toml and its layers): show, get, set, check" },
  subCommands: { show, get, set, check },
});

export const configCommands: Record<string, CommandDef<any>> = { config };
