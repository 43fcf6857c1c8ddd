// What every error boundary (the HTTP APIs' one handler, aiosctl's fail, the serial console) does with
// an error: raw disk errors become StateDiskError first, then each typed error gets its status and
// text. Never a stack trace: an unexpected error is its message (AIOS_DEBUG=1 adds the stack).
import { AiosError, NotFoundError, StateDiskError, SystemError, UserError } from "./errors.ts";
import { asStateDiskError } from "./db/disk-error.ts";

export { asStateDiskError };

export interface ErrorBody { error: string; hint?: string; reason?: string }

/** The HTTP status and JSON body for an error: 507 for a full disk, 503 for a read-only or damaged one. */
export function httpError(raw: unknown): { status: 400 | 404 | 500 | 503 | 507; body: ErrorBody } {
  const err = asStateDiskError(raw);
  if (err instanceof StateDiskError) return { status: err.kind === "full" ? 507 : 503, body: { error: err.message, hint: err.hint, reason: err.reason } };
  // SystemError: something this needs is down (init, the agent host, the executor): 503 with the reason, not a bug.
  const status = err instanceof NotFoundError ? 404 : err instanceof UserError ? 400 : err instanceof SystemError ? 503 : 500;
  return { status, body: { error: errorLine(err), hint: err instanceof AiosError ? err.hint : undefined } };
}

/** One line for a person: the message, with the stack only when AIOS_DEBUG is set. */
export function errorLine(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return process.env.AIOS_DEBUG && err.stack ? err.stack : err.message;
}

/** The error a client rebuilds from an HTTP error body, so a disk condition stays typed across sockets. */
export function fromErrorBody(status: number, body: Partial<ErrorBody>, fallback: string): AiosError {
  if (status === 507 || (status === 503 && body.reason)) {
    const kind = status === 507 ? "full" : body.reason === "state disk read-only" ? "readonly" : "corrupt";
    const e = new StateDiskError(kind, "", {});
    return Object.assign(e, { message: body.error ?? e.message });
  }
  if (status === 404) return new NotFoundError(body.error ?? fallback, body.hint);
  if (status >= 400 && status < 500) return new UserError(body.error ?? fallback, body.hint);
  return new SystemError(body.error ?? fallback, body.hint);
}
