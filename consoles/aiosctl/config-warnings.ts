// Config problems met while aiosctl loads (some verbs read settings as they are declared) are held
// until the verb is known: `config` lists them itself, every other verb shows them once as warnings.
// Imported first by aiosctl.ts, so it is in place before any setting is read.
import { onConfigError } from "../../runtime/config/resolve.ts";
import type { ConfigError } from "../../runtime/errors.ts";

const held: ConfigError[] = [];
onConfigError((e) => held.push(e));

const say = (e: ConfigError) => process.stderr.write(`aiosctl: warning: ${e.message}${e.hint ? ` (${e.hint})` : ""}\n`);

export function releaseConfigWarnings(verb: string | undefined): void {
  if (verb === "config") { onConfigError(() => {}); return; }
  held.splice(0).forEach(say);
  onConfigError(say);
}
