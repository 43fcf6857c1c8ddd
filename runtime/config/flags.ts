// The command-line layer, the highest: `aios <role> --set web.port=8080` (repeatable) applies to that
// process only. main.ts takes the flags out before the role sees its arguments.

export interface Flag { name: string; text: string; flag: string }

let flags: Flag[] = [];

/** Removes `--set key=value` and `--set=key=value` from args and makes them the flag layer. */
export function takeFlags(args: string[]): string[] {
  const rest: string[] = [];
  const taken: Flag[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const pair = a === "--set" ? args[++i] : a.startsWith("--set=") ? a.slice(6) : undefined;
    if (pair === undefined) { rest.push(a); continue; }
    const eq = pair.indexOf("=");
    taken.push(eq > 0 ? { name: pair.slice(0, eq), text: pair.slice(eq + 1), flag: `--set ${pair}` } : { name: pair, text: "", flag: `--set ${pair}` });
  }
  flags = [...flags, ...taken];
  return rest;
}

/** The flag layer, last given wins; tests replace it with setFlags. */
export function currentFlags(): readonly Flag[] { return flags; }

export function setFlags(pairs: Record<string, string>): void {
  flags = Object.entries(pairs).map(([name, text]) => ({ name, text, flag: `--set ${name}=${text}` }));
}
