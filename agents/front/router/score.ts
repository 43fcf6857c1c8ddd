// The classifier: each intent's score is the sum of the weights of its cues that match; the best
// intent wins, and confidence grows with its score and with its margin over the runner-up.
import { match } from "./patterns.ts";
import { CUES } from "./lexicon.ts";
import type { Token } from "./lex.ts";
import type { Intent } from "./types.ts";

/** Below this score nothing is routed. */
export const MIN_SCORE = 2;

export interface Scored { intent: Intent | "unknown"; score: number; used: ReadonlySet<number> }
export interface Winner extends Scored { intent: Intent }
export interface Classified { best?: Winner; runnerUp: number; confidence: number; offTopic?: boolean }

export function scoreAll(toks: readonly Token[]): Scored[] {
  const out: Scored[] = [];
  for (const { intent, patterns } of CUES) {
    let score = 0;
    const used = new Set<number>();
    for (const p of patterns) {
      const hit = match(p, toks);
      if (hit === null) continue;
      score += p.weight;
      if (p.weight > 0) for (const i of hit) used.add(i);
    }
    if (score !== 0) out.push({ intent, score, used });
  }
  return out.sort((a, b) => b.score - a.score);
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
