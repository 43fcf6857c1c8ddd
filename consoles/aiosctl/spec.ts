// aiosctl's command tree read as plain data: each verb's path, flags (with aliases and whether they
// take a value) and positionals. The run wrapper checks a command line against it and completion.ts
// writes the shell scripts from it, so neither keeps a list of its own.
import type { ArgDef, CommandDef } from "citty";

export interface FlagSpec {
  name: string;
  aliases: string[];
  /** A string flag takes the next word as its value (unless written --flag=value). */
  takesValue: boolean;
  /** A boolean whose default is true: completion offers --no-<name>. */
  negatable: boolean;
  description: string;
}

export interface PositionalSpec { name: string; required: boolean; description: string }

export interface CommandSpec {
  name: string;
  /** Words after `aiosctl` that select this command ([] for aiosctl itself). */
  path: string[];
  description: string;
  flags: FlagSpec[];
  positionals: PositionalSpec[];
  subs: CommandSpec[];
  /** The verb a group runs when none is given (citty's `default`): it then takes that verb's flags. */
  defaultSub?: string;
  def: CommandDef<any>;
}

/** The tree is declared as plain objects; a lazy (function or promise) part would hide verbs from completion. */
function plain<T>(v: T | (() => unknown) | Promise<unknown> | undefined, what: string): T | undefined {
  if (typeof v === "function" || v instanceof Promise) throw new Error(`aiosctl's command tree must be plain data: ${what} is lazy`);
  return v as T | undefined;
}

export function describeCommand(def: CommandDef<any>, path: string[] = []): CommandSpec {
  const where = path.length ? `aiosctl ${path.join(" ")}` : "aiosctl";
  const meta = plain<{ name?: string; description?: string }>(def.meta as never, `${where} meta`) ?? {};
  const args = Object.entries(plain<Record<string, ArgDef>>(def.args as never, `${where} args`) ?? {});
  const subs = Object.entries(plain<Record<string, CommandDef<any>>>(def.subCommands as never, `${where} subcommands`) ?? {});
  const aliasesOf = (a: ArgDef) => ("alias" in a && a.alias ? (Array.isArray(a.alias) ? a.alias : [a.alias]) : []);
  return {
    name: path.at(-1) ?? meta.name ?? "aiosctl",
    path,
    description: meta.description ?? "",
    flags: args.filter(([, a]) => a.type !== "positional").map(([name, a]) => ({
      name, aliases: aliasesOf(a), takesValue: a.type === "string" || a.type === "enum",
      negatable: a.type === "boolean" && a.default === true, description: a.description ?? "",
    })),
    positionals: args.filter(([, a]) => a.type === "positional").map(([name, a]) => ({ name, required: a.required !== false && a.default === undefined, description: a.description ?? "" })),
    subs: subs.map(([name, sub]) => describeCommand(plain(sub, `${where} ${name}`)!, [...path, name])),
    defaultSub: typeof def.default === "string" ? def.default : undefined,
    def,
  };
}

/** Every command in the tree, depth first, the root included. */
export function* walk(spec: CommandSpec): Generator<CommandSpec> {
  yield spec;
  for (const s of spec.subs) yield* walk(s);
}
