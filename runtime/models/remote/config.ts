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
