// aiosctl's one error boundary: a message, a hint, and an exit code that follows systemctl's.
import { AiosError, NotFoundError, UserError } from "../../runtime/errors.ts";
import { asStateDiskError, errorLine } from "../../runtime/boundary.ts";

export const EXIT = { ok: 0, failure: 1, usage: 2, notRunning: 3, noSuchService: 4 } as const;

export function fail(message: string, hint?: string, code: number = EXIT.failure): never {
  process.stderr.write(`aiosctl: ${message}\n${hint ? `hint: ${hint}\n` : ""}`);
  process.exit(code);
}

/** Runs a command body, converting typed errors into fail(). */
export function act<A>(fn: (args: A) => Promise<number | void>) {
  return async ({ args }: { args: A }) => {
    try {
      const code = await fn(args);
      if (code) process.exit(code);
    } catch (raw) {
      const err = asStateDiskError(raw); // a full, read-only or damaged state disk, however it surfaced
      if (err instanceof NotFoundError) fail(err.message, err.hint, EXIT.noSuchService);
      if (err instanceof UserError) fail(err.message, err.hint, EXIT.usage);
      if (err instanceof AiosError) fail(err.message, err.hint);
      fail(`unexpected error: ${errorLine(err)}`, process.env.AIOS_DEBUG ? undefined : "AIOS_DEBUG=1 shows where it happened");
    }
  };
}
