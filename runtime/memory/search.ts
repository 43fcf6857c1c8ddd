// Search across tiers: FTS5 (bm25) always; with an embedder, also cosine over stored embeddings,
// fused by reciprocal rank so either signal can surface a memory the other missed.
import type { Database } from "bun:sqlite";
import { cosine, type EmbedFn, fromBlob } from "./embedding.ts";
import { ftsQuery, ftsWords } from "./fts-query.ts";

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

/**
 * FTS5's bm25 reads the whole posting list of every word in the query (for its IDF), and ranking
 * costs per matching row; an OR over common words matches most of the table. At a million rows that
 * is tens of ms. So each word's document count is probed (capped, cheap) and common words only
 * filter, never rank:
 *  - rows with all the words first, then rows with any rare word, each ranked by bm25 over the rare
 *    words;
 *  - if every word is common: the newest rows with all of them, else with any of them.
 */
const COMMON_DF = 1000;

function lexical(db: Database, tier: "longterm" | "operational", text: string, limit: number): Found[] {
  const words = ftsWords(text);
  if (words.length === 0) return [];
  const t = TABLES[tier];
  const probe = db.query<{ n: number }, [string, number]>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${t.fts} WHERE ${t.fts} MATCH ? LIMIT ?)`);
  const rare = words.filter((w) => probe.get(`"${w}"`, COMMON_DF)!.n < COMMON_DF);
  const fetch = (ids: number[]) => {
    const get = db.query<Omit<Found, "tier">, [number]>(`SELECT ${t.cols} FROM ${t.table} x WHERE x.id = ?`);
    return ids.map((id) => get.get(id)).filter((r) => r !== null).map((r) => ({ tier, ...r }));
  };
  const ids = (q: string, tail: string) => db.query<{ id: number }, [string]>(`SELECT rowid AS id FROM ${t.fts} WHERE ${t.fts} MATCH ? ${tail}`).all(q).map((r) => r.id);

  if (rare.length === 0) {
    const newest = ids(ftsQuery(words, "all")!, `ORDER BY rowid DESC LIMIT ${limit}`);
    return fetch(newest.length > 0 ? newest : ids(ftsQuery(words, "any")!, `ORDER BY rowid DESC LIMIT ${limit}`));
  }
  const scored = db.query<{ id: number; s: number }, [string]>(`SELECT rowid AS id, ${t.rank} AS s FROM ${t.fts} WHERE ${t.fts} MATCH ?`).all(ftsQuery(rare, "any")!);
  const withAll = new Set(words.length === rare.length && rare.length === 1 ? scored.map((r) => r.id) : ids(ftsQuery(words, "all")!, ""));
  // Rows with every word first, then rows with some rare word; bm25 scores are negative, lower is better.
  scored.sort((a, b) => Number(withAll.has(b.id)) - Number(withAll.has(a.id)) || a.s - b.s);
  return fetch(scored.slice(0, limit).map((r) => r.id));
}

const TABLES = {
  longterm: { fts: "mem_facts_fts", table: "mem_facts", cols: "x.id, x.kind, x.title, x.body AS text", rank: "bm25(mem_facts_fts, 4.0, 1.0, 2.0)" },
  operational: { fts: "mem_events_fts", table: "mem_events", cols: "x.id, x.kind, x.source AS title, x.text", rank: "bm25(mem_events_fts)" },
} as const;

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
