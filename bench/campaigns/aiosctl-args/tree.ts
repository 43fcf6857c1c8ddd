// aiosctl's command tree, read from the citty definition itself (so a new verb is fuzzed without
// anyone listing it here): each path of verbs with the flags and positionals it declares.
import type { ArgsDef, CommandDef } from "citty";
import { aiosctl } from "../../../consoles/aiosctl/aiosctl.ts";

export interface Verb { path: string[]; flags: { name: string; alias?: string; type: string }[]; positionals: number }

type Lazy<T> = T | Promise<T> | (() => T | Promise<T>);
const resolve = async <T>(v: Lazy<T> | undefined): Promise<T | undefined> => (typeof v === "function" ? await (v as () => T | Promise<T>)() : await v);

export async function verbs(cmd: Lazy<CommandDef> = aiosctl as Lazy<CommandDef>, path: string[] = []): Promise<Verb[]> {
  const def = (await resolve(cmd))!;
  const subs = (await resolve(def.subCommands as Lazy<Record<string, Lazy<CommandDef>>>)) ?? {};
  const args = ((await resolve(def.args as Lazy<ArgsDef>)) ?? {}) as Record<string, { type?: string; alias?: string | string[] }>;
  const here: Verb[] = path.length ? [{
    path,
    flags: Object.entries(args).filter(([, a]) => a.type !== "positional").map(([name, a]) => ({ name, alias: Array.isArray(a.alias) ? a.alias[0] : a.alias, type: a.type ?? "string" })),
    positionals: Object.values(args).filter((a) => a.type === "positional").length,
  }] : [];
  const nested = await Promise.all(Object.entries(subs).map(([name, sub]) => verbs(sub, [...path, name])));
  return [...here, ...nested.flat()];
}
