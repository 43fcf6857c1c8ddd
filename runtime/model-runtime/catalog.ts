// The models on disk and what is known about each: GGUF facts, tier by size, sha256 and status.
// Everything here is read without llama.cpp, so a broken file is quarantined before it can hurt.
import { readdirSync, statSync } from "node:fs";
import { totalmem } from "node:os";
import { basename, join } from "node:path";
import { errorMessage } from "../errors.ts";
import { inspectGguf, type ModelFacts } from "./gguf/inspect.ts";
import { readGguf } from "./gguf/reader.ts";
import { fileSha256 } from "../models/hash.ts";
import type { Tier } from "../models/model.ts";
import { tierForParams, type RuntimeConfig } from "./config.ts";
import { Quarantine } from "./quarantine.ts";

export type ModelStatus = "available" | "loaded" | "quarantined";

export interface CatalogEntry {
  id: string;
  path: string;
  tier: Tier;
  status: ModelStatus;
  reason?: string;
  sha256?: string;
  facts?: ModelFacts;
  /** Bytes the runtime expects the model to take when loaded (weights + KV cache). */
  memoryBytes: number;
}

/** Weights plus an f16 KV cache for the configured context, plus fixed overhead. */
export function estimateMemory(facts: ModelFacts, contextSize: number): number {
  const ctx = Math.min(contextSize, facts.contextLength || contextSize);
  return facts.fileSize + 2 * 2 * facts.blockCount * ctx * facts.embeddingLength + 16 * 1024 * 1024;
}

export class Catalog {
  private entries = new Map<string, CatalogEntry>();
  private shaCache = new Map<string, string>();

  constructor(private readonly cfg: RuntimeConfig, readonly quarantine: Quarantine) {}

  private dirStamp = "";

  /** Rescans when files were added, removed or renamed in the models folder since the last scan. */
  async refreshIfChanged(): Promise<void> {
    let stamp = "missing";
    try { stamp = String(statSync(this.cfg.modelsDir).mtimeMs); } catch { /* no folder: no models */ }
    if (stamp !== this.dirStamp) await this.scan();
  }

  async scan(): Promise<CatalogEntry[]> {
    try { this.dirStamp = String(statSync(this.cfg.modelsDir).mtimeMs); } catch { this.dirStamp = "missing"; }
    let files: string[] = [];
    try { files = readdirSync(this.cfg.modelsDir).filter((f) => f.endsWith(".gguf")).sort(); } catch { files = []; }
    const next = new Map<string, CatalogEntry>();
    for (const file of files) {
      const entry = await this.describe(join(this.cfg.modelsDir, file));
      const loaded = this.entries.get(entry.id);
      if (loaded?.status === "loaded" && entry.status === "available") entry.status = "loaded";
      next.set(entry.id, entry);
    }
    this.entries = next;
    return this.list();
  }

  private async describe(path: string): Promise<CatalogEntry> {
    const id = basename(path, ".gguf");
    const base: CatalogEntry = { id, path, tier: "local-small", status: "available", memoryBytes: 0 };
    let facts: ModelFacts;
    try { facts = inspectGguf(readGguf(path)); } catch (err) {
      return this.quarantined(base, errorMessage(err));
    }
    const entry: CatalogEntry = { ...base, facts, tier: tierForParams(facts.parameterCount, this.cfg.tiers), memoryBytes: estimateMemory(facts, this.cfg.contextSize) };
    if (facts.problems.length) return this.quarantined(entry, `unusable GGUF: ${facts.problems.join("; ")}`);
    const mb = (n: number) => `${Math.ceil(n / 1048576)} MiB`;
    if (entry.memoryBytes > this.cfg.memoryBudgetBytes) {
      return this.quarantined(entry, `needs ${mb(entry.memoryBytes)}, more than the ${this.cfg.profile} profile's model memory budget of ${mb(this.cfg.memoryBudgetBytes)}`);
    }
    // A profile can promise more than the machine has; never try to load past 80% of physical memory.
    if (entry.memoryBytes > totalmem() * 0.8) {
      return this.quarantined(entry, `needs ${mb(entry.memoryBytes)}, more than 80% of this machine's ${mb(totalmem())} of memory`);
    }
    const remembered = this.quarantine.reasonFor(path);
    if (remembered) return { ...entry, status: "quarantined", reason: remembered };
    const key = `${path}:${Quarantine.fingerprint(path)}`;
    if (!this.shaCache.has(key)) this.shaCache.set(key, await fileSha256(path));
    return { ...entry, sha256: this.shaCache.get(key) };
  }

  private quarantined(entry: CatalogEntry, reason: string): CatalogEntry {
    return { ...entry, status: "quarantined", reason };
  }

  list(): CatalogEntry[] { return [...this.entries.values()]; }
  get(id: string): CatalogEntry | undefined { return this.entries.get(id); }

  setStatus(id: string, status: ModelStatus, reason?: string) {
    const e = this.entries.get(id);
    if (!e) return;
    e.status = status;
    e.reason = reason;
    if (status === "quarantined" && reason) this.quarantine.add(e.path, reason);
  }
}
