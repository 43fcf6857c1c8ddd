// The one boundary where aios errors become D-Bus errors (and so reach busctl, gdbus, dbus-send).
import { DBusError } from "dbus-next";
import { AiosError, NotFoundError, SystemError, UserError, errorMessage } from "../../runtime/errors.ts";
import { ERRORS } from "./names.ts";

export function toDBusError(err: unknown): Error {
  if (err instanceof DBusError) return err;
  const text = err instanceof AiosError && err.hint ? `${err.message} (${err.hint})` : errorMessage(err);
  if (err instanceof NotFoundError) return new DBusError(ERRORS.NoSuchService, text);
  if (err instanceof UserError) return new DBusError(ERRORS.InvalidRequest, text);
  // control() wraps a failed connection (with its cause); a 5xx answer from init carries none.
  if (err instanceof SystemError && err.cause !== undefined) return new DBusError(ERRORS.InitUnreachable, text);
  return new DBusError(ERRORS.Failed, text);
}

/** Runs a method body and rethrows whatever it throws as a D-Bus error. */
export async function asDBus<T>(fn: () => Promise<T>): Promise<T> {
  try { return await fn(); } catch (err) { throw toDBusError(err); }
}
