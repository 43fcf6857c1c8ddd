// How a remote model is described in models.toml ([[remote]] tables); the api key comes from
// secrets.toml, never from the config file itself.
import type { Pricing } from "../model.ts";

export interface RemoteModelConfig {
  /** Provider id, unique: budgets and circuit breakers are kept per provider. */
  provider: string;
  kind: "openai" | "anthropic";
  baseUrl: string;
  model: string;
  apiKey?: string;
  pricing?: Pricing;
  timeoutMs: number;
}

/**
 * How long one request to a provider may take: the provider's own timeout_seconds is a ceiling the
 * operator set for it; a request (the hierarchy's per-tier policy, an API caller) may only shorten it.
 */
export const deadline = (req: { timeoutMs?: number }, cfg: { timeoutMs: number }): number => Math.min(req.timeoutMs ?? cfg.timeoutMs, cfg.timeoutMs);
