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

/** What went wrong with the state disk: out of space, remounted read-only, or a damaged database. */
export type StateDiskKind = "full" | "readonly" | "corrupt";

const DISK: Record<StateDiskKind, { what: string; hint: string }> = {
  full: { what: "state disk full", hint: "free space on the state disk: remove old snapshots (aiosctl snapshots) and logs, or grow the disk" },
  readonly: { what: "state disk read-only", hint: "the filesystem went read-only (often after I/O errors): check dmesg, then repair it (fsck) and reboot" },
  corrupt: { what: "database damaged", hint: "reboot: the boot state check moves a damaged database aside (<name>.corrupt-<time>, kept) and a fresh one starts; the audit log lives in its own file" },
};

/**
 * The state disk cannot take a write (full, read-only) or a database on it is damaged. Raised where a
 * database or file is opened or written (runtime/db/disk-error.ts), so every console says the same.
 */
export class StateDiskError extends SystemError {
  constructor(readonly kind: StateDiskKind, readonly path: string, options?: { cause?: unknown }) {
    super(`${DISK[kind].what}: ${path}`, DISK[kind].hint, options);
  }

  /** The short reason, as status shows it ("state disk full"). */
  get reason(): string { return DISK[this.kind].what; }
}

/** A model returned something unusable (invalid JSON, wrong schema, refused to answer). */
export class ModelBehaviorError extends AiosError {}

/** An operation did not finish in its time. */
export class TimeoutError extends AiosError {}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
