// Runs one aiosctl command line. citty parses leniently (an unknown flag is ignored, an unknown verb is
// a stack of usage text and exit 1), so the line is first checked against the command tree: an unknown
// verb or flag, a flag before the verb and a missing positional are usage errors (exit 2) that name
// the nearest verb or flag; --help prints the usage of the verb it follows.
import { type CommandDef, renderUsage, runCommand } from "citty";
import { closest } from "../../runtime/config/did-you-mean.ts";
import { EXIT, fail, failWith, jsonErrorsOn } from "./fail.ts";
import { type CommandSpec, describeCommand, type FlagSpec } from "./spec.ts";

const HELP = new Set(["--help", "-h"]);
const isFlag = (t: string) => t.startsWith("-") && t !== "-" && !/^-\d/.test(t);
const name = (c: CommandSpec) => ["aiosctl", ...c.path].join(" ");

/** `aiosctl audit tail [--n N] [--kind KIND] [--json]`: the one-line usage of a command. */
export function usageLine(c: CommandSpec): string {
  if (c.subs.length) return `${name(c)} ${c.subs.map((s) => s.name).join("|")} …`;
  const pos = c.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const flags = c.flags.map((f) => `[--${f.name}${f.takesValue ? ` ${f.name.toUpperCase()}` : ""}]`);
  return [name(c), ...pos, ...flags].join(" ");
}

export type Check =
  | { ok: true; spec: CommandSpec; help: boolean }
  | { ok: false; spec: CommandSpec; message: string; hint: string };

/** Walks the words down the tree and checks the verb, the flags and the positionals, without running anything. */
export function checkLine(root: CommandSpec, rawArgs: string[]): Check {
  const end = rawArgs.indexOf("--");
  const args = end < 0 ? rawArgs : rawArgs.slice(0, end);
  // Bare `aiosctl` is a request for help, as bare systemctl is a request for the list.
  const help = rawArgs.length === 0 || args.some((t) => HELP.has(t));
  let spec = root, i = 0;
  while (spec.subs.length) {
    // A group with a default verb (`incidents` is `incidents list`) takes that verb's flags before a verb.
    let j = -1, unknown = "";
    for (let k = i; k < args.length && j < 0 && !unknown; k++) {
      const t = args[k]!;
      if (!isFlag(t)) j = k;
      else if (HELP.has(t)) continue;
      else if (!findFlag(spec.flags, t)) unknown = t;
      else if (takesNext(findFlag(spec.flags, t)!, t)) k++;
    }
    if (unknown && !spec.defaultSub) return { ok: false, spec, message: `${unknown} is not a flag of ${name(spec)}`, hint: `flags go after the verb, e.g. ${name(spec)} ${spec.subs[0]!.name} ${unknown}` };
    if (j < 0 || unknown) {
      if (help && !unknown) return { ok: true, spec, help };
      if (spec.defaultSub) { const d = spec.defaultSub; spec = spec.subs.find((s) => s.name === d)!; continue; }
      return { ok: false, spec, message: `${spec.path.length ? `${spec.path.join(" ")}: ` : ""}missing verb`, hint: `${usageLine(spec)} (${name(spec)} --help says what each does)` };
    }
    const word = args[j]!;
    const sub = spec.subs.find((s) => s.name === word);
    if (!sub) {
      // `incidents 3` means `incidents show 3`: a group with a show verb takes an id there.
      const near = spec.subs.some((s) => s.name === "show") && /^\d+$/.test(word) ? `show ${word}` : closest(word, spec.subs.map((s) => s.name));
      return { ok: false, spec, message: `unknown verb "${word}"${spec.path.length ? ` for ${name(spec)}` : ""}`, hint: `${near ? `did you mean "${near}"? ` : ""}(${name(spec)} --help lists every verb)` };
    }
    // citty passes a verb only the words after it: flags before it would be dropped unseen.
    if (j > i) return { ok: false, spec, message: `${args[i]} is not a flag of ${name(spec)}`, hint: `flags go after the verb, e.g. ${name(sub)} ${args[i]}` };
    spec = sub; i = j + 1;
  }
  let positionals = 0;
  for (let k = i; k < args.length; k++) {
    const t = args[k]!;
    if (!isFlag(t)) { positionals++; continue; }
    if (HELP.has(t)) continue;
    const f = findFlag(spec.flags, t);
    if (!f) {
      const forms = spec.flags.flatMap((x) => [`--${x.name}`, ...x.aliases.map((a) => (a.length === 1 ? `-${a}` : `--${a}`))]);
      const near = closest(t.split("=")[0]!, forms);
      if (/^-[^-]./.test(t) && findFlag(spec.flags, t.slice(0, 2))) return { ok: false, spec, message: `${t}: a short flag takes its value as the next word`, hint: `write ${t.slice(0, 2)} VALUE, or --${findFlag(spec.flags, t.slice(0, 2))!.name}=VALUE` };
      return { ok: false, spec, message: `unknown flag ${t.split("=")[0]} for ${name(spec)}`, hint: `${near ? `did you mean ${near}? ` : ""}usage: ${usageLine(spec)}` };
    }
    if (takesNext(f, t)) k++;
  }
  if (end >= 0) positionals += rawArgs.length - end - 1;
  const required = spec.positionals.filter((p) => p.required);
  if (!help && positionals < required.length) {
    const miss = required[positionals]!;
    return { ok: false, spec, message: `${spec.path.join(" ")}: missing <${miss.name}> (${miss.description})`, hint: `usage: ${usageLine(spec)}` };
  }
  return { ok: true, spec, help };
}

/** A value flag written without its value attached (--kind x, -n 5; not --kind=x or -n5) takes the next word. */
const takesNext = (f: FlagSpec, t: string) => f.takesValue && !t.includes("=") && !(t.length > 2 && !t.startsWith("--"));

function findFlag(flags: FlagSpec[], token: string): FlagSpec | undefined {
  // citty reads an attached short value letter by letter as more flags (`-n=x_` sets "_" and breaks its
  // parser): only digits may be attached (-n5); anything else goes as its own word or --n=….
  if (!token.startsWith("--")) return token.length > 2 && !/^-.\d+$/.test(token) ? undefined : flags.find((f) => f.aliases.includes(token[1]!));
  const n = token.slice(2).split("=")[0]!;
  return flags.find((f) => f.name === n || f.aliases.includes(n))
    ?? (n.startsWith("no-") ? flags.find((f) => !f.takesValue && f.name === n.slice(3)) : undefined);
}

/** Checks, then runs; returns normally on success (in-process callers), exits with the code otherwise. */
export async function runLine(root: CommandDef<any>, rawArgs: string[]): Promise<void> {
  const end = rawArgs.indexOf("--");
  jsonErrorsOn((end < 0 ? rawArgs : rawArgs.slice(0, end)).includes("--json"));
  const c = checkLine(describeCommand(root), rawArgs);
  if (!c.ok) fail(c.message, c.hint, EXIT.usage);
  // citty names a command by its parent's name and its own: the parent here is named by the whole path.
  const parent = c.spec.path.length ? { meta: { name: ["aiosctl", ...c.spec.path.slice(0, -1)].join(" ") } } : undefined;
  if (c.help) { console.log(`${await renderUsage(c.spec.def, parent)}\n`); return; }
  try {
    await runCommand(root, { rawArgs });
  } catch (err) {
    // citty's own argument errors (the check above should have caught them first).
    if ((err as Error)?.name === "CLIError") fail((err as Error).message, `usage: ${usageLine(c.spec)}`, EXIT.usage);
    failWith(err);
  }
}
