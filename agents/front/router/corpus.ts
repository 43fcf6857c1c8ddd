// The chat phrasing corpora (tests/fixtures/chat/) and how a route is scored against an item; shared
// by the corpus test and the benchmark. An expected slot of `true` only has to be present (times).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Route } from "./types.ts";

export interface CorpusItem { text: string; intent: string; slots?: Record<string, unknown> }

const DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../tests/fixtures/chat");

export function loadCorpus(name: "corpus" | "heldout"): CorpusItem[] {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8")) as CorpusItem[];
}

export function matches(item: CorpusItem, r: Route): boolean {
  if (r.intent !== item.intent) return false;
  const got = r.slots as Record<string, unknown>;
  return Object.entries(item.slots ?? {}).every(([k, v]) => (v === true ? got[k] !== undefined : got[k] === v));
}

/** Share of items routed right, 0..1. */
export function accuracy(items: readonly CorpusItem[], routeFn: (text: string) => Route): number {
  return items.filter((it) => matches(it, routeFn(it.text))).length / items.length;
}
