// Search across tiers: FTS5 (bm25) always; with an embedder, also cosine over stored embeddings,
// fused by reciprocal rank so either signal can surface a memory the other missed.
import type { Database } from "bun:sqlite";
import { cosine, type EmbedFn, fromBlob } from "./embedding.ts";
import { ftsQuery } from "./fts-query.ts";

export interface SearchOptions {
  /** longterm: facts/procedures/resolutions; operational: events and tool results. */
  tiers?: ("longterm" | "operational")[];
  limit?: number;
}

export interface SearchHit { tier: "longterm" | "operational"; id: number; kind: string; title: string; text: string; score: number; via: ("lexical" | "semantic")[] }
export interface SearchResult { mode: "hybrid" | "lexical"; hits: SearchHit[] }

const RRF_K = 60;

export async function searchMemory(db: Database, text: string, opts: SearchOptions, embed?: EmbedFn): Promise<SearchResult> {
  const limit = opts.limit ?? 10;
  const tiers = opts.tiers ?? ["longterm", "operational"];
  const fused = new Map<string, SearchHit>();
  const add = (h: Omit<SearchHit, "score" | "via">, rank: number, via: "lexical" | "semantic") => {
    const key = `${h.tier}:${h.id}`;
    const hit = fused.get(key) ?? { ...h, score: 0, via: [] };
    hit.score += 1 / (RRF_K + rank);
    hit.via.push(via);
    fused.set(key, hit);
  };

  for (const tier of tiers) lexical(db, tier, text, limit * 2).forEach((h, i) => add(h, i, "lexical"));

  let mode: SearchResult["mode"] = "lexical";
  if (embed && tiers.includes("longterm")) {
    const vec = await embed([text]).then((v) => v[0]).catch(() => undefined);
    if (vec) {
      mode = "hybrid";
      semantic(db, vec, limit * 2).forEach((h, i) => add(h, i, "semantic"));
    }
  }
  return { mode, hits: [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit) };
}

type Found = Omit<SearchHit, "score" | "via">;

function lexical(db: Database, tier: "longterm" | "operational", text: string, limit: number): Found[] {
  // All words first (precise); if that finds nothing, any word (recall).
  for (const mode of ["all", "any"] as const) {
    const q = ftsQuery(text, mode);
    if (!q) return [];
    const rows = tier === "longterm"
      ? db.query<{ id: number; kind: string; title: string; text: string }, [string, number]>(
        "SELECT f.id, f.kind, f.title, f.body AS text FROM mem_facts_fts JOIN mem_facts f ON f.id = mem_facts_fts.rowid WHERE mem_facts_fts MATCH ? ORDER BY bm25(mem_facts_fts, 4.0, 1.0, 2.0) LIMIT ?",
      ).all(q, limit)
      : db.query<{ id: number; kind: string; title: string; text: string }, [string, number]>(
        "SELECT e.id, e.kind, e.source AS title, e.text FROM mem_events_fts JOIN mem_events e ON e.id = mem_events_fts.rowid WHERE mem_events_fts MATCH ? ORDER BY rank LIMIT ?",
      ).all(q, limit);
    if (rows.length > 0) return rows.map((r) => ({ tier, ...r }));
  }
  return [];
}

function semantic(db: Database, vec: Float32Array, limit: number): Found[] {
  // Brute force is fine: retention caps long-term memory at tens of thousands of rows.
  const scored: { sim: number; row: { id: number; kind: string; title: string; body: string } }[] = [];
  for (const r of db.query<{ id: number; kind: string; title: string; body: string; embedding: Uint8Array }, []>(
    "SELECT id, kind, title, body, embedding FROM mem_facts WHERE embedding IS NOT NULL",
  ).iterate()) {
    scored.push({ sim: cosine(vec, fromBlob(r.embedding)), row: r });
  }
  scored.sort((a, b) => b.sim - a.sim);
  return scored.slice(0, limit).filter((s) => s.sim > 0).map(({ row }) => ({ tier: "longterm", id: row.id, kind: row.kind, title: row.title, text: row.body }));
}
