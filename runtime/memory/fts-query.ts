// Turns free text (from a person or a model) into a safe FTS5 query: words only, each quoted, so
// FTS5 operators or stray quotes in the text can never cause a syntax error or change the meaning.
export function ftsWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []))].slice(0, 16);
}

export function ftsQuery(words: readonly string[], mode: "all" | "any"): string | null {
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"`).join(mode === "all" ? " " : " OR ");
}
