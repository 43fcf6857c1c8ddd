// Which models exist right now, per tier: the rule sets, the local runtime's usable models (asked
// again every few seconds, since quarantine can remove one at any time) and the configured remotes.
import { discoverLocalModels } from "../local/local-model.ts";
import type { RuntimeClient } from "../local/runtime-client.ts";
import type { Model } from "../model.ts";
import type { ModelRegistry } from "./intelligence.ts";

export class HierarchyRegistry implements ModelRegistry {
  private local: { at: number; models: Model[] } = { at: 0, models: [] };
  /** Why the local tiers are empty, when they are (runtime down); for status pages. */
  localError?: string;

  constructor(private readonly parts: { reactive?: Model; runtime?: RuntimeClient; remotes?: Model[]; refreshMs?: number }) {}

  private async localModels(): Promise<Model[]> {
    if (!this.parts.runtime) return [];
    if (Date.now() - this.local.at < (this.parts.refreshMs ?? 5000)) return this.local.models;
    try {
      this.local = { at: Date.now(), models: await discoverLocalModels(this.parts.runtime) };
      this.localError = undefined;
    } catch (err) {
      // A runtime that cannot start makes the local tiers "down"; the hierarchy escalates past them.
      this.local = { at: Date.now(), models: [] };
      this.localError = (err as Error).message;
    }
    return this.local.models;
  }

  /** Forget the cached local listing (a model just arrived). */
  invalidate(): void { this.local.at = 0; }

  async models(): Promise<Model[]> {
    return [...(this.parts.reactive ? [this.parts.reactive] : []), ...(await this.localModels()), ...(this.parts.remotes ?? [])];
  }
}
