// The classifier: each intent's score is the sum of the weights of its cues that match; the best
// intent wins, and confidence grows with its score and with its margin over the runner-up.
import { firstKeys, match, tokenKeys, type Pattern } from "./patterns.ts";
import { CUES } from "./lexicon.ts";
import type { Token } from "./lex.ts";
import type { Intent } from "./types.ts";

/** Below this score nothing is routed. */
export const MIN_SCORE = 2;

export interface Scored { intent: Intent | "unknown"; score: number; used: ReadonlySet<number> }
export interface Winner extends Scored { intent: Intent }
export interface Classified { best?: Winner; runnerUp: number; confidence: number; offTopic?: boolean }

interface Indexed { intent: Intent | "unknown"; p: Pattern }

/** Ties go to the intent listed first in the table. */
const ORDER = new Map(CUES.map((c, i) => [c.intent, i]));

/** Patterns by the keys of their first element, so a text only tries the patterns it could start. */
const BY_FIRST = new Map<string, Indexed[]>();
for (const { intent, patterns } of CUES) {
  for (const p of patterns) {
    for (const k of firstKeys(p)) {
      const list = BY_FIRST.get(k) ?? [];
      list.push({ intent, p });
      BY_FIRST.set(k, list);
    }
  }
}

export function scoreAll(toks: readonly Token[]): Scored[] {
  const tried = new Set<Pattern>();
  const byIntent = new Map<Intent | "unknown", Scored & { used: Set<number> }>();
  for (const t of toks) {
    for (const key of tokenKeys(t)) {
      for (const { intent, p } of BY_FIRST.get(key) ?? []) {
        if (tried.has(p)) continue;
        tried.add(p);
        const hit = match(p, toks);
        if (hit === null) continue;
        let s = byIntent.get(intent);
        if (!s) byIntent.set(intent, (s = { intent, score: 0, used: new Set() }));
        s.score += p.weight;
        if (p.weight > 0) for (const i of hit) s.used.add(i);
      }
    }
  }
  return [...byIntent.values()].filter((s) => s.score !== 0).sort((a, b) => b.score - a.score || ORDER.get(a.intent)! - ORDER.get(b.intent)!);
}

/** Saturating in the score, halved when the runner-up is as strong as the winner. */
export function confidence(best: number, runnerUp: number): number {
  if (best <= 0) return 0;
  const margin = Math.min(1, Math.max(0, best - Math.max(0, runnerUp)) / best);
  return Math.round((best / (best + 2)) * (0.5 + 0.5 * margin) * 1000) / 1000;
}

export function classify(toks: readonly Token[]): Classified {
  const [best, second] = scoreAll(toks);
  const runnerUp = second?.score ?? 0;
  if (!best || best.score < MIN_SCORE) return { runnerUp, confidence: 0 };
  // Off-topic cues won: say how sure we are that no intent fits, and route nothing.
  if (best.intent === "unknown") return { runnerUp, confidence: 0, offTopic: true };
  return { best: best as Winner, runnerUp, confidence: confidence(best.score, runnerUp) };
}
