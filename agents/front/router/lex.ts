// Text → tokens the classifier and the slot extractors share: spans lifted, words normalised and
// typo-corrected, service names, time expressions and content words marked.
import { lift, type Lifted } from "./spans.ts";
import { stem, words } from "./normalize.ts";
import { findServices } from "./services.ts";
import { findTime } from "./time.ts";
import { KNOWN, STOPWORDS, corrector } from "./lexicon.ts";

export interface Token {
  /** lower-case, as typed (contractions expanded) */
  raw: string;
  /** stemmed and typo-corrected: what cues match */
  w: string;
  /** a lifted span ("addr", "key", …) or "num" */
  tag?: string;
  /** canonical service name, and the index just past the alias naming it */
  svc?: string;
  svcEnd?: number;
  time?: boolean;
  /** a content word the vocabulary lacks: a candidate package, user or service name */
  word?: boolean;
}

export interface Lexed { toks: Token[]; found: Lifted; since?: number }

export function lex(text: string, services?: readonly string[], now = Date.now()): Lexed {
  const { text: lifted, found } = lift(text.slice(0, 2000));
  const ws = words(lifted);
  const toks: Token[] = ws.map((raw) => {
    if (/^<[a-z]+>$/.test(raw)) return { raw, w: raw, tag: raw.slice(1, -1) };
    if (/^\d+$/.test(raw)) return { raw, w: raw, tag: "num" };
    return { raw, w: corrector.correct(stem(raw)) };
  });
  for (const hit of findServices(toks.map((t) => t.w), services)) {
    for (let i = hit.start; i < hit.end; i++) Object.assign(toks[i]!, { svc: hit.name, svcEnd: hit.end });
  }
  const time = findTime(ws, now);
  // "the last 2 days": the 2 is part of a time, not a port or a count.
  if (time) for (let i = time.start; i < time.end; i++) { toks[i]!.time = true; if (toks[i]!.tag === "num") delete toks[i]!.tag; }
  for (const t of toks) {
    if (t.tag || t.svc || t.time || STOPWORDS.has(t.raw) || KNOWN.has(stem(t.raw))) continue;
    if (/^[a-z0-9][a-z0-9.+-]*$/.test(t.raw) && /[a-z]/.test(t.raw)) t.word = true;
  }
  return { toks, found, since: time?.since ?? found.date };
}
