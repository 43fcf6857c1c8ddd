// Errors typed by who is at fault. Each boundary (HTTP API, aiosctl, serial console, PID 1) converts
// them once; inside, wrap with `cause` and context.

export class AiosError extends Error {
  constructor(message: string, readonly hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The person (or their input) is at fault: bad arguments, unknown service, bad request body. */
export class UserError extends AiosError {}

/** A configuration file is wrong (the operator's input); names the file, the line (when known) and the key. */
export class ConfigError extends UserError {
  constructor(readonly file: string, readonly key: string, readonly problem: string, readonly line?: number, hint?: string) {
    super(`${file}${line ? `:${line}` : ""}: ${key}: ${problem}`, hint);
  }
}

/** Something requested is not there (service, model, entry). */
export class NotFoundError extends AiosError {}

/** The system refused or failed: a command exited non-zero, a syscall failed, a disk is full. */
export class SystemError extends AiosError {}

/** A model returned something unusable (invalid JSON, wrong schema, refused to answer). */
export class ModelBehaviorError extends AiosError {}

/** An operation did not finish in its time. */
export class TimeoutError extends AiosError {}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
