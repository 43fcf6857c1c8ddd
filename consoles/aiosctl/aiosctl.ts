// aiosctl: the operator's command line (init's control socket, the agent host, the executor, the tool
// registry). The verbs are in tree.ts; run.ts checks and runs one command line. Exit codes: fail.ts.
// Run it as `aios ctl …`, through the aiosctl link, or from source: bun consoles/aiosctl/aiosctl.ts …
import { releaseConfigWarnings } from "./config-warnings.ts";
import { runLine } from "./run.ts";
import { aiosctl } from "./tree.ts";
import { UPDATE_VERBS } from "./commands/update.ts";

export { aiosctl };

export async function runAiosctl(rawArgs: string[]): Promise<void> {
  releaseConfigWarnings(rawArgs[0]);
  // `aiosctl update <file|url>` is `aiosctl update apply <file|url>`.
  if (rawArgs[0] === "update" && rawArgs[1] && !rawArgs[1].startsWith("-") && !UPDATE_VERBS.includes(rawArgs[1])) rawArgs = ["update", "apply", ...rawArgs.slice(1)];
  await runLine(aiosctl, rawArgs);
}

if (import.meta.main) await runAiosctl(process.argv.slice(2));
