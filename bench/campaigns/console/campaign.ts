// Campaign: the console program on a real pseudo-terminal, fed binary garbage, 1 MB lines, ANSI / OSC /
// DCS escape sequences, control characters and near-commands. After every input it must still answer
// `help`. A ^D at the start of a line is the terminal's end of file: the console exits 0 by design
// and init starts it again, so the campaign does the same (counted, not a crash); any other exit is.
import fc from "fast-check";
import type { World } from "../world.ts";
import { type CampaignOptions, Tally } from "../tally.ts";
import { ConsoleTerminal } from "./terminal.ts";

const ESC = fc.constantFrom(
  "\x1b[31m", "\x1b[2J\x1b[H", "\x1b]0;owned\x07", "\x1b]52;c;aGVsbG8=\x07", "\x1b[6n", "\x1b[c", "\x1bP+q544e\x1b\\", "\x9b31m", "\x1b[200~", "\x1b[201~",
  "\x1b[999;999H", "\x1b[?1049h", "\x1b[?25l", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x1bc", "\x1b[" + "9".repeat(500) + "m", "\x1b", "\x1b[", "\x1b]",
);
const CONTROL = fc.constantFrom("\x03", "\x1a", "\x1c", "\x15", "\x17", "\x12", "\x16", "\x13", "\x7f", "\b", "\t", "\x00", "\x07", "\x0b", "\x0c", "\x04");
const WORDS = fc.constantFrom("help", "status", "/web", "/models", "/approvals", "/agents", "/incidents", "/ask", "/", "/nope", "?", "why is the disk full?", "%s%n%x", "{{7*7}}", "$(id)", "`id`", "'; DROP TABLE x; --");

/** One input: text, bytes, escapes and control characters mixed, sometimes a 1 MB or 4 KB-crossing line. */
export const consoleInput: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 40 }), ESC, CONTROL, WORDS, fc.string({ unit: "binary", maxLength: 20 })), { minLength: 1, maxLength: 8 }).map((p) => p.join("")) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 2048 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(4094, 4095, 4096, 4097, 8191, 65_536, 1 << 20), fc.constantFrom("x", "é", "\x1b[1m", "a b ")).map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)) },
);

/** Never a root shell or the rescue menu (it acts on this build host): lines naming them are dropped. */
const DANGEROUS = /^\s*\/?(shell|rescue)\b/im;
const text = (i: string | Uint8Array) => (typeof i === "string" ? i : new TextDecoder().decode(i));
/** A line as the tty's line editing leaves it: erase (DEL, ^H), word erase (^W) and kill (^U) applied. */
function cooked(line: string): string {
  let out = "";
  for (const ch of line) {
    if (ch === "\x7f" || ch === "\b") out = out.slice(0, -1);
    else if (ch === "\x17") out = out.replace(/\S*\s*$/, "");
    else if (ch === "\x15") out = "";
    else out += ch;
  }
  return out.replace(/[\x00-\x1f]/g, "");
}
export const safe = (i: string | Uint8Array) => !text(i).split(/[\r\n\x04\x03\x1c\x1a]/).some((l) => DANGEROUS.test(cooked(l)));

/** The tally's row for an input. */
export const targetOf = (input: string | Uint8Array) =>
  typeof input !== "string" ? "binary garbage" : input.length >= 4094 ? "long line" : /[\x1b\x9b]/.test(input) ? "escape sequences" : "text and control keys";

export async function runConsole(w: World, o: CampaignOptions): Promise<Tally> {
  const tally = new Tally("console");
  const term = new ConsoleTerminal({ ...process.env, ...w.env });
  await term.start();
  try {
    await fc.assert(fc.asyncProperty(consoleInput.filter(safe), async (input) => {
      const t0 = performance.now();
      const describe = () => (typeof input === "string" ? input : `<${input.length} bytes> ${text(input)}`);
      const target = targetOf(input);
      const out = await term.feed(input);
      const ms = performance.now() - t0;
      if (out === undefined) {
        const eof = term.ended === "exit 0, signal -";
        tally.record(target, eof ? "3xx" : "crash", ms, describe, eof ? "ended at ^D (EOF), as designed" : `no answer to help (${term.ended})`);
        if (!term.alive) await term.start(); else { term.stop(); await term.start(); }
        return;
      }
      tally.record(target, /unexpected error|^\s+at .+:\d+:\d+\)?\s*$/m.test(out) ? "5xx" : /\berror: /.test(out) ? "4xx" : "2xx", ms, describe, out.slice(-400));
    }), { numRuns: o.numRuns, seed: o.seed, endOnFailure: true });
  } finally { term.stop(); }
  return tally;
}
