// aiosctl's one error boundary: a message, a hint, and an exit code that follows systemctl's. With
// --json an error is also one JSON object on stdout, so a script reads JSON whatever happened; the
// human form always goes to stderr.
import { AiosError, NotFoundError, UserError } from "../../runtime/errors.ts";
import { asStateDiskError, errorLine } from "../../runtime/boundary.ts";

/** Every exit code aiosctl uses (the README's table; systemctl's meanings for 3 and 4). */
export const EXIT = {
  ok: 0,
  /** The verb ran and failed, or the system refused it. */
  failure: 1,
  /** Bad usage: unknown verb or flag, missing or bad argument. */
  usage: 2,
  /** A service (or the model runtime) exists but is not running. */
  notRunning: 3,
  /** No such service, agent, incident, approval, snapshot, goal… */
  notFound: 4,
  /** The package is not installed. */
  notInstalled: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

let jsonErrors = false;

/** Set by the run wrapper and by act() from --json: errors are then also printed as JSON on stdout. */
export function jsonErrorsOn(on: boolean): void { jsonErrors = on; }

/** The JSON form of an error, as a script gets it on stdout under --json. */
export const errorJson = (message: string, hint: string | undefined, code: number) => ({ error: message, hint: hint ?? null, code });

export function fail(message: string, hint?: string, code: number = EXIT.failure): never {
  if (jsonErrors) process.stdout.write(`${JSON.stringify(errorJson(message, hint, code))}\n`);
  process.stderr.write(`aiosctl: ${message}\n${hint ? `hint: ${hint}\n` : ""}`);
  process.exit(code);
}

/** The exit code a typed error converts to. */
export function codeOf(err: unknown): number {
  if (err instanceof NotFoundError) return EXIT.notFound;
  if (err instanceof UserError) return EXIT.usage;
  return EXIT.failure;
}

/** Converts any error into fail(): typed errors keep their message and hint; others say they are unexpected. */
export function failWith(raw: unknown): never {
  const err = asStateDiskError(raw); // a full, read-only or damaged state disk, however it surfaced
  if (err instanceof AiosError) fail(err.message, err.hint, codeOf(err));
  // A bug, not the operator's doing: the message, and the stack only when asked for.
  const e = err as Error;
  if (process.env.AIOS_DEBUG) process.stderr.write(`${e?.stack ?? e}\n`);
  fail(`unexpected error: ${errorLine(e)}`, process.env.AIOS_DEBUG ? undefined : "AIOS_DEBUG=1 shows where it came from");
}

/** Runs a command body, converting typed errors into fail(); a returned non-zero code is the exit code. */
export function act<A>(fn: (args: A) => Promise<number | void>) {
  return async ({ args }: { args: A }) => {
    if ((args as { json?: unknown }).json === true) jsonErrorsOn(true);
    let code: number | void;
    try { code = await fn(args); } catch (err) { failWith(err); }
    if (code) process.exit(code);
  };
}
