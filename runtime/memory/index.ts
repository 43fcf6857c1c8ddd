// Agent memory on the state database: working (goals, tasks), operational (events, metrics, tool
// results) and long-term (facts, procedures, resolutions), with search and bounded retention.
import type { Database } from "bun:sqlite";
import { migrate, openDatabase } from "../db/open.ts";
import type { EmbedFn } from "./embedding.ts";
import { LongTermMemory } from "./longterm.ts";
import { OperationalMemory } from "./operational.ts";
import { compact, type CompactionReport, DEFAULT_RETENTION, type RetentionPolicy } from "./retention.ts";
import { MEMORY_SCOPE, memoryMigrations } from "./schema.ts";
import { searchMemory, type SearchOptions, type SearchResult } from "./search.ts";
import { WorkingMemory } from "./working.ts";

export interface MemoryOptions {
  /** From the model runtime when it is up; without it search is lexical only. */
  embed?: EmbedFn;
  retention?: Partial<RetentionPolicy>;
  now?: () => number;
}

export class Memory {
  readonly working: WorkingMemory;
  readonly operational: OperationalMemory;
  readonly longterm: LongTermMemory;
  private readonly now: () => number;

  constructor(readonly db: Database, private readonly opts: MemoryOptions = {}) {
    migrate(db, MEMORY_SCOPE, memoryMigrations);
    this.now = opts.now ?? Date.now;
    this.working = new WorkingMemory(db, this.now);
    this.operational = new OperationalMemory(db, this.now);
    this.longterm = new LongTermMemory(db, this.now, opts.embed);
  }

  static open(path: string, opts: MemoryOptions = {}): Memory {
    return new Memory(openDatabase(path), opts);
  }

  search(text: string, opts: SearchOptions = {}): Promise<SearchResult> {
    return searchMemory(this.db, text, opts, this.opts.embed);
  }

  /** Run periodically (e.g. hourly) by whoever owns the state disk. */
  compact(): CompactionReport {
    return compact(this.db, this.now(), { ...DEFAULT_RETENTION, ...this.opts.retention });
  }
}

export type { EmbedFn } from "./embedding.ts";
export type { Fact, FactKind, RememberInput } from "./longterm.ts";
export type { MemoryEvent } from "./operational.ts";
export type { RetentionPolicy, CompactionReport } from "./retention.ts";
export type { SearchHit, SearchOptions, SearchResult } from "./search.ts";
export type { WorkItem, WorkState } from "./working.ts";
