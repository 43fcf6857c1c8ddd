// Long-term memory: facts, procedures and incident resolutions that worked. Each can carry an
// embedding; when the model runtime is down it is stored without one and filled in later.
import type { Database } from "bun:sqlite";
import { NotFoundError } from "../errors.ts";
import { type EmbedFn, toBlob } from "./embedding.ts";

export type FactKind = "fact" | "procedure" | "resolution";

export interface Fact {
  id: number;
  kind: FactKind;
  title: string;
  body: string;
  tags: string[];
  source: string;
  pinned: boolean;
  createdAt: number;
  usedAt: number;
  uses: number;
}

export interface RememberInput { kind: FactKind; title: string; body: string; tags?: string[]; source?: string; pinned?: boolean }

export interface FactRow { id: number; kind: FactKind; title: string; body: string; tags: string; source: string; pinned: number; created_at: number; used_at: number; uses: number }
export const toFact = (r: FactRow): Fact => ({
  id: r.id, kind: r.kind, title: r.title, body: r.body, tags: r.tags ? r.tags.split(" ") : [], source: r.source,
  pinned: r.pinned === 1, createdAt: r.created_at, usedAt: r.used_at, uses: r.uses,
});
const COLS = "id, kind, title, body, tags, source, pinned, created_at, used_at, uses";

export class LongTermMemory {
  constructor(private readonly db: Database, private readonly now: () => number, private readonly embed?: EmbedFn) {}

  async remember(input: RememberInput): Promise<Fact> {
    const t = this.now();
    const r = this.db.query<FactRow, [string, string, string, string, string, number, number, number]>(
      `INSERT INTO mem_facts (kind, title, body, tags, source, pinned, created_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLS}`,
    ).get(input.kind, input.title, input.body, (input.tags ?? []).join(" "), input.source ?? "", input.pinned ? 1 : 0, t, t)!;
    await this.embedRows([r]);
    return toFact(r);
  }

  get(id: number): Fact {
    const r = this.db.query<FactRow, [number]>(`SELECT ${COLS} FROM mem_facts WHERE id = ?`).get(id);
    if (!r) throw new NotFoundError(`no memory ${id}`);
    return toFact(r);
  }

  /** Marks a memory as having helped: used ones survive eviction longer. */
  touch(id: number): void {
    this.db.query("UPDATE mem_facts SET uses = uses + 1, used_at = ? WHERE id = ?").run(this.now(), id);
  }

  forget(id: number): void {
    this.db.query("DELETE FROM mem_facts WHERE id = ?").run(id);
  }

  /** Embeds memories stored while the model runtime was down; returns how many it filled. */
  async backfillEmbeddings(batch = 64): Promise<number> {
    if (!this.embed) return 0;
    let filled = 0;
    for (;;) {
      const rows = this.db.query<FactRow, [number]>(`SELECT ${COLS} FROM mem_facts WHERE embedding IS NULL LIMIT ?`).all(batch);
      if (rows.length === 0 || !(await this.embedRows(rows))) return filled;
      filled += rows.length;
    }
  }

  private async embedRows(rows: FactRow[]): Promise<boolean> {
    if (!this.embed) return false;
    let vecs: Float32Array[];
    try {
      vecs = await this.embed(rows.map((r) => `${r.title}\n${r.body}`));
    } catch {
      return false; // runtime down: the memory stays lexical until backfillEmbeddings
    }
    const set = this.db.query("UPDATE mem_facts SET embedding = ? WHERE id = ?");
    this.db.transaction(() => rows.forEach((r, i) => { const v = vecs[i]; if (v) set.run(toBlob(v), r.id); }))();
    return true;
  }
}
