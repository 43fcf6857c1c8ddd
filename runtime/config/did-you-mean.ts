// "did you mean …?" for a misspelt key: the known key nearest by edit distance, when near enough.

/** The nearest candidate within max(2, a third of the word's length) edits, if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const best = candidates.map((k) => ({ k, d: distance(word, k) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.k : undefined;
}

/** A hint: the nearest known key, else the list of known keys. */
export function didYouMean(key: string, known: readonly string[]): string {
  const best = closest(key, known);
  return best ? `did you mean "${best}"?` : `known keys: ${known.join(", ")}`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
