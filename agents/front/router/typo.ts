// Typo tolerance: a word the vocabulary lacks is replaced by the one vocabulary word within
// Damerau-Levenshtein distance 1 (words of 4+ letters) or 2 (8+ letters), with the same first letter
// (or the first two swapped). Answers are memoised.

/** Optimal-string-alignment distance (adjacent transpositions count 1), or max+1 once it exceeds max. */
export function damerau(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

const allowed = (len: number) => (len >= 8 ? 2 : len >= 4 ? 1 : 0);

export class Corrector {
  private readonly byLength = new Map<number, string[]>();
  private readonly memo = new Map<string, string>();

  /** `known`: words left as they are; `targets`: the words a typo may be corrected to. */
  constructor(private readonly known: ReadonlySet<string>, targets: Iterable<string>) {
    for (const t of targets) {
      if (t.length < 4 || !/^[a-z]+$/.test(t)) continue;
      const list = this.byLength.get(t.length) ?? [];
      list.push(t);
      this.byLength.set(t.length, list);
    }
  }

  /** The word itself when known, short or not close to exactly one best target. */
  correct(word: string): string {
    if (this.known.has(word) || word.length < 4 || !/^[a-z]+$/.test(word)) return word;
    const hit = this.memo.get(word);
    if (hit !== undefined) return hit;
    const max = allowed(word.length);
    let best = word;
    let bestD = max + 1;
    let tie = false;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const t of this.byLength.get(len) ?? []) {
        // A typo seldom hits the first letter (bar swapping the first two): "htop" is not "stop".
        if (t[0] !== word[0] && !(t[0] === word[1] && t[1] === word[0])) continue;
        const d = damerau(word, t, Math.min(max, bestD));
        if (d < bestD) { best = t; bestD = d; tie = false; } else if (d === bestD && d <= max && t !== best) tie = true;
      }
    }
    const out = bestD <= max && !tie ? best : word;
    if (this.memo.size > 20_000) this.memo.clear();
    this.memo.set(word, out);
    return out;
  }
}
