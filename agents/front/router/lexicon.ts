// The vocabulary, computed once: the intent table's compiled cues, every word they use, service alias
// words, and function words. Words outside it are content words ("<word>": package or user names) and
// the ones a typo may have bent.
import { compile, patternWords, type Pattern } from "./patterns.ts";
import { OFF_TOPIC, TABLE } from "./intents.ts";
import { SERVICE_WORDS } from "./services.ts";
import { stem } from "./normalize.ts";
import { Corrector } from "./typo.ts";
import type { Intent } from "./types.ts";

/** Function words and chat filler: never a name, never corrected into a cue word. */
export const STOPWORDS: ReadonlySet<string> = new Set(`
a an the my our your their his her its this that these those some any all every each no not
i me we us you it he she they them him there here who whom whose what which where when why how
is are am was were be been being do does did done doing have has had having can could would will
shall should may might must to of for on in at with from by as about into onto over under up down
out off and or but if then than so too also just very really please pls plz kindly thanks now
again still yet already ever let get got make made go going gone come want need like see
one two three some more most much many few lot lots bit thing things stuff way
called named new old current currently right only even ok okay yes yeah sure hey hi hello
package packages user users account accounts program tool tools app software binary
machine box system server computer host appliance device it's isn't anymore first before after
`.split(/\s+/).filter(Boolean));

/** Everyday words that are neither cues nor names; kept so typos are not "corrected" into cues. */
const COMMON = `
good bad better best people person time times day days week weeks hour hours minute minutes month
since last next thing computer laptop phone file files folder directory home work working office mail
money price cost movie music game play read learn teach code question answer word words write tell
think know say said give take find look use used using keep call try ask show list long little
great small big large high low other same different world life year years way man woman child
`.split(/\s+/).filter(Boolean);

export interface CompiledIntent { intent: Intent | "unknown"; patterns: Pattern[] }

const compileAll = (cues: Readonly<Record<string, number>>) => Object.entries(cues).map(([src, w]) => compile(src, w));

/** Every intent's cues, and the off-topic cues competing as "unknown". */
export const CUES: readonly CompiledIntent[] = [
  ...(Object.keys(TABLE) as Intent[]).map((intent) => ({ intent, patterns: compileAll(TABLE[intent].cues) })),
  { intent: "unknown", patterns: compileAll(OFF_TOPIC) },
];

/** Words a typo may be corrected to: cue words and service alias words. */
const TARGETS = new Set<string>([...CUES.flatMap((c) => c.patterns.flatMap(patternWords)), ...SERVICE_WORDS]);

/** Every word the router knows (cue, alias, function or everyday word); stemmed. */
export const KNOWN: ReadonlySet<string> = new Set([...TARGETS, ...[...STOPWORDS, ...COMMON].map(stem)]);

export const corrector = new Corrector(KNOWN, TARGETS);
