// Normalisation: lower-case, contractions expanded, punctuation dropped, plurals folded. Patterns in the
// intent table go through the same functions, so both sides always agree on a word's form.

const IS_WORDS = new Set(["what", "it", "that", "who", "there", "here", "where", "how", "he", "she", "everything", "nothing", "something", "anything", "whats", "this"]);

/** Expands contractions ("what's" → "what is", "can't" → "can not") and drops possessive 's. */
export function expandContractions(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/\bcan'?t\b/g, "can not")
    .replace(/\bwon'?t\b/g, "will not")
    .replace(/\b(\w+)n't\b/g, "$1 not")
    .replace(/\b(i)'m\b/g, "$1 am")
    .replace(/\b(\w+)'re\b/g, "$1 are")
    .replace(/\b(\w+)'ve\b/g, "$1 have")
    .replace(/\b(\w+)'ll\b/g, "$1 will")
    .replace(/\b(\w+)'d\b/g, "$1 would")
    .replace(/\blet's\b/g, "let us")
    .replace(/\b(\w+)'s\b/g, (_, w: string) => (IS_WORDS.has(w) ? `${w} is` : w))
    .replace(/\b(whats|hows|wheres)\b/g, (w) => `${w.slice(0, -1)} is`)
    .replace(/\b(dont|doesnt|didnt|isnt|arent|wont|cant)\b/g, (w) => (w === "wont" ? "will not" : w === "cant" ? "can not" : `${w.slice(0, -2)} not`))
    .replace(/\bim\b/g, "i am");
}

/** Folds English plurals so "ports", "processes" and "policies" meet "port", "process", "policy". */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/[^siu]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** A token: a word, a number, or a lifted span's placeholder such as "<addr>". */
const TOKEN = /<[a-z]+>|[a-z0-9][a-z0-9.+\-_]*[a-z0-9+]|[a-z0-9]/g;

/** Lower-cased words of already lifted text, contractions expanded, unstemmed. */
export function words(text: string): string[] {
  return expandContractions(text.toLowerCase()).match(TOKEN) ?? [];
}
