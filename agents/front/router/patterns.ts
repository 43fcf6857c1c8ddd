// Cue patterns: "open port <num>" matches the words in order with up to GAP other tokens between
// them. "a|b" is a choice, "<tag>" a lifted value or a recognised thing (<service>, <num>, <word>,
// <time>), "=word" the word exactly as typed (no plural folding), "^"/"$" pin the pattern to the
// start/end of the message.
import { stem, words } from "./normalize.ts";
import type { Token } from "./lex.ts";

const GAP = 3;

interface Element { words: ReadonlySet<string>; tags: readonly string[]; raws: readonly string[] }
export interface Pattern { source: string; weight: number; els: Element[]; start: boolean; end: boolean }

export function compile(source: string, weight: number): Pattern {
  const start = source.startsWith("^");
  const end = source.endsWith("$");
  const body = source.replace(/^\^|\$$/g, "").trim();
  const els = body.split(/\s+/).map((part): Element => {
    const alts = part.split("|");
    const tags = alts.filter((a) => /^<[a-z]+>$/.test(a)).map((a) => a.slice(1, -1));
    const raws = alts.filter((a) => a.startsWith("=")).map((a) => a.slice(1));
    const plain = alts.filter((a) => !/^<[a-z]+>$/.test(a) && !a.startsWith("="));
    return { words: new Set(plain.flatMap((a) => words(a).map(stem))), tags, raws };
  });
  return { source, weight, els, start, end };
}

/** Keys under which a token can start a pattern: its word, "=raw", and "<tag>" for each tag it fits. */
export function tokenKeys(t: Token): string[] {
  const keys = [t.w, `=${t.raw}`];
  if (t.tag) keys.push(`<${t.tag}>`);
  if (t.tag === "num" || t.tag === "port") keys.push("<num>");
  if (t.tag === "date" || t.time) keys.push("<time>");
  if (t.svc !== undefined) keys.push("<service>");
  if (t.word) keys.push("<word>");
  return keys;
}

/** The keys of a pattern's first element: a pattern can only match a text holding one of them. */
export function firstKeys(p: Pattern): string[] {
  const e = p.els[0]!;
  return [...e.words, ...e.raws.map((r) => `=${r}`), ...e.tags.map((t) => `<${t}>`)];
}

/** The words a pattern needs (for the vocabulary the typo corrector aims at). */
export function patternWords(p: Pattern): string[] {
  return p.els.flatMap((e) => [...e.words, ...e.raws]);
}

function fits(e: Element, t: Token): boolean {
  return e.words.has(t.w) || e.raws.includes(t.raw) || e.tags.some((tag) => fitsTag(tag, t));
}

function fitsTag(tag: string, t: Token): boolean {
  switch (tag) {
    case "service": return t.svc !== undefined;
    case "num": return t.tag === "num" || t.tag === "port";
    case "word": return t.word === true;
    case "time": return t.time === true || t.tag === "date";
    default: return t.tag === tag;
  }
}

/** Indices of the tokens the pattern's words used (not its tags), or null when it does not match. */
export function match(p: Pattern, toks: readonly Token[]): number[] | null {
  const used: number[] = [];
  const walk = (k: number, from: number, first: boolean): boolean => {
    if (k === p.els.length) return !p.end || from >= toks.length;
    const last = first ? (p.start ? 0 : toks.length - 1) : Math.min(toks.length - 1, from + GAP);
    for (let i = from; i <= last; i++) {
      const t = toks[i]!;
      if (!fits(p.els[k]!, t)) continue;
      const byWord = p.els[k]!.words.has(t.w) || p.els[k]!.raws.includes(t.raw);
      if (byWord) used.push(i);
      const next = !byWord && t.svcEnd !== undefined ? t.svcEnd : i + 1;
      if (walk(k + 1, next, false)) return true;
      if (byWord) used.pop();
    }
    return false;
  };
  return walk(0, 0, true) ? used : null;
}
