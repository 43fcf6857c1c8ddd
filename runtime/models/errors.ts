// Model-specific refinements of the shared typed errors, and their round trip across the runtime's
// socket: a typed error thrown in the runtime process arrives as the same type in the client.
import { AiosError, ConfigError, ModelBehaviorError, NotFoundError, SystemError, TimeoutError, UserError } from "../errors.ts";
import type { WireError } from "../model-runtime/protocol.ts";

/** A model or provider cannot serve right now (quarantined, circuit open, runtime down): a tier is down. */
export class ModelUnavailableError extends SystemError {}

/** A provider answered with an HTTP error status. */
export class ProviderError extends SystemError {
  constructor(message: string, readonly status?: number, hint?: string, options?: { cause?: unknown }) {
    super(message, hint, options);
  }
}

/** The per-day token or money budget would be exceeded; nothing was sent. */
export class BudgetExceededError extends AiosError {}

const TYPES: Record<string, new (message: string, hint?: string) => AiosError> = {
  UserError, NotFoundError, SystemError, ModelBehaviorError, TimeoutError, ModelUnavailableError, BudgetExceededError,
};

export function toWire(err: unknown): WireError {
  if (err instanceof ConfigError) return { type: "UserError", message: err.message, hint: err.hint };
  if (err instanceof AiosError) return { type: err.name, message: err.message, hint: err.hint };
  if (err instanceof Error && err.name === "AbortError") return { type: "TimeoutError", message: err.message || "aborted" };
  return { type: "SystemError", message: err instanceof Error ? err.message : String(err) };
}

export function fromWire(w: WireError): AiosError {
  const Type = TYPES[w.type] ?? SystemError;
  return new Type(w.message, w.hint);
}

export function httpStatusOf(err: unknown): 400 | 404 | 429 | 502 | 503 | 504 | 500 {
  if (err instanceof UserError || err instanceof ConfigError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof BudgetExceededError) return 429;
  if (err instanceof ModelBehaviorError) return 502;
  if (err instanceof TimeoutError) return 504;
  if (err instanceof SystemError) return 503;
  return 500;
}
