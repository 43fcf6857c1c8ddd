// A small SentencePiece (llama) vocabulary: control tokens, all 256 byte tokens (so any text
// tokenizes), ChatML markers, printable characters and a few hundred word pieces.

export const TOKEN_TYPE = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, BYTE: 6 } as const;

export interface Vocab {
  tokens: string[];
  scores: number[];
  types: number[];
  ids: Map<string, number>;
}

const WORDS = `the a an is are was be to of and or in on for with not no yes ok it this that what why how
system service restart stop start status disk memory network error warning failed running user assistant
hello world answer question unit name arguments value true false null package update install remove
file log cpu load high low time day check please can you tell me about nginx sshd firewall rule port
open close allow deny policy agent model tier decision reason confidence unknown json function call
result output input token cache budget provider remote local reactive small large`.split(/\s+/).filter(Boolean);

export const SPACE = "\u2581"; // SentencePiece's visible space
export const BOS = 1;
export const EOS = 2;
export const byteToken = (b: number) => 3 + b;

export function buildVocab(extra: readonly string[] = []): Vocab {
  const v: Vocab = { tokens: [], scores: [], types: [], ids: new Map() };
  const add = (text: string, type: number, score = 0) => {
    const existing = v.ids.get(text);
    if (existing !== undefined) return existing;
    v.ids.set(text, v.tokens.length);
    v.tokens.push(text); v.scores.push(score); v.types.push(type);
    return v.tokens.length - 1;
  };
  add("<unk>", TOKEN_TYPE.UNKNOWN);
  add("<s>", TOKEN_TYPE.CONTROL);
  add("</s>", TOKEN_TYPE.CONTROL);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`, TOKEN_TYPE.BYTE);
  add("<|im_start|>", TOKEN_TYPE.CONTROL);
  add("<|im_end|>", TOKEN_TYPE.CONTROL);
  // Longer pieces score higher so SPM merges prefer whole words.
  add(SPACE, TOKEN_TYPE.NORMAL, -1000);
  for (let c = 33; c < 127; c++) add(String.fromCharCode(c), TOKEN_TYPE.NORMAL, -1000);
  for (const word of WORDS) {
    const piece = SPACE + word;
    for (let i = 2; i <= piece.length; i++) add(piece.slice(0, i), TOKEN_TYPE.NORMAL, -1000 + i * 10);
  }
  for (const text of extra) add(text.replaceAll(" ", SPACE), TOKEN_TYPE.NORMAL, -10_000);
  return v;
}
