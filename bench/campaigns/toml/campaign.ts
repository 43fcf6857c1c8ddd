// Campaign: every kind of TOML file (kinds.ts), fed generated files — valid seeds mutated (a line
// dropped, doubled or cut, a value swapped for another type, bytes inserted, the file truncated) and
// documents generated from the kind's own keys — through its real loader. Accepted, or a ConfigError
// naming the file, the key and (where the key is written in the file) its line; anything else thrown
// is a crash.
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "smol-toml";
import { ConfigError } from "../../../runtime/errors.ts";
import { lineOf } from "../../../runtime/config/toml.ts";
import { type CampaignOptions, Tally } from "../tally.ts";
import { tomlKinds } from "./kinds.ts";

const tomlValue = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)), fc.integer().map(String), fc.double({ noNaN: true }).map((d) => (Number.isFinite(d) ? String(d) : "inf")),
  fc.constantFrom("true", "false", "nan", "-inf", "1979-05-27T07:32:00Z", "[]", "{}", '[1, "a"]', "{ a = 1 }", '"""\nmulti\n"""', "'lit'", "0x1F", "1_000", "-0", "1e999", '""', "[[1], [2]]"),
);
const junk = fc.oneof(fc.string({ maxLength: 30 }), fc.uint8Array({ maxLength: 30 }).map((b) => new TextDecoder().decode(b)), fc.constantFrom("[", "]]", "=", '"', "'''", "\\", "\u0000", "[a.b.c]", "[[x]]", "a.b = 1", "\r\n", "\ufeff", "# comment"));

/** A seed, changed in one to three ways. */
function mutated(seeds: string[]): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ op: fc.constant("drop" as const), at: fc.nat() }),
    fc.record({ op: fc.constant("double" as const), at: fc.nat() }),
    fc.record({ op: fc.constant("value" as const), at: fc.nat(), v: tomlValue }),
    fc.record({ op: fc.constant("insert" as const), at: fc.nat(), v: junk }),
    fc.record({ op: fc.constant("cut" as const), at: fc.nat() }),
    fc.record({ op: fc.constant("key" as const), at: fc.nat(), v: fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(/[\s=#]/g, "_")) }),
  );
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 3 })).map(([seed, edits]) => {
    let s = seed;
    for (const e of edits) {
      const lines = s.split("\n");
      const i = e.at % Math.max(1, lines.length);
      if (e.op === "drop") lines.splice(i, 1);
      else if (e.op === "double") lines.splice(i, 0, lines[i] ?? "");
      else if (e.op === "value") lines[i] = (lines[i] ?? "").replace(/=.*$/, `= ${e.v}`);
      else if (e.op === "key") lines[i] = (lines[i] ?? "").replace(/^\s*[\w."-]+\s*=/, `${e.v} =`);
      else if (e.op === "insert") { const at = e.at % (s.length + 1); s = s.slice(0, at) + e.v + s.slice(at); continue; }
      else { s = s.slice(0, e.at % (s.length + 1)); continue; }
      s = lines.join("\n");
    }
    return s;
  });
}

/** A document built from the keys the seeds use, with values of any type. */
function generated(seeds: string[]): fc.Arbitrary<string> {
  const keys = [...new Set(seeds.flatMap((s) => [...s.matchAll(/^\s*\[*\s*([\w.-]+)|^\s*([\w-]+)\s*=/gm)].map((m) => (m[1] ?? m[2])!)))];
  const key = fc.oneof(fc.constantFrom(...keys), fc.string({ minLength: 1, maxLength: 10 }));
  const leaf = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 3 }));
  const table = fc.dictionary(key, leaf, { maxKeys: 5 });
  return fc.dictionary(key, fc.oneof(leaf, table, fc.array(table, { minLength: 1, maxLength: 2 })), { maxKeys: 6 }).map((doc) => { try { return stringify(doc); } catch { return ""; } });
}

/** A ConfigError must name this file and a key, and the line when that key is written in the file. */
function judge(err: unknown, source: string, file: string): { outcome: "4xx" | "unclear" | "crash"; detail: string } {
  if (!(err instanceof ConfigError)) return { outcome: "crash", detail: `${(err as Error)?.constructor?.name}: ${(err as Error)?.message ?? err}` };
  const last = err.key.split(".").pop()!.replace(/\[\d+\]$/, "");
  const named = err.file === file && err.key.length > 0;
  const lineKnown = err.key.startsWith("(") || err.line !== undefined || lineOf(source, last) === undefined;
  return { outcome: named && lineKnown ? "4xx" : "unclear", detail: `${err.message}${named ? "" : " (does not name the file)"}${lineKnown ? "" : " (no line, though the key is in the file)"}` };
}

export async function runToml(_w: unknown, o: CampaignOptions): Promise<Tally> {
  const tally = new Tally("toml");
  const dir = mkdtempSync(join(tmpdir(), "aios-toml-"));
  try {
    const kinds = tomlKinds(dir);
    const per = Math.ceil(o.numRuns / kinds.length);
    kinds.forEach((k, i) => {
      const file = k.file ?? join(dir, `${k.name.replace(/\W+/g, "_")}.toml`);
      const input = fc.oneof({ weight: 3, arbitrary: mutated(k.seeds) }, { weight: 2, arbitrary: generated(k.seeds) }, { weight: 1, arbitrary: junk });
      fc.assert(fc.property(input, (source) => {
        const t0 = performance.now();
        try {
          const errors = k.load(source, file);
          const bad = errors.map((e) => judge(e, source, file)).find((j) => j.outcome !== "4xx");
          tally.record(k.name, bad ? bad.outcome : errors.length ? "4xx" : "2xx", performance.now() - t0, () => source, bad?.detail);
        } catch (err) {
          const j = judge(err, source, file);
          tally.record(k.name, j.outcome, performance.now() - t0, () => source, j.detail);
        }
      }), { numRuns: per, seed: o.seed + i, endOnFailure: true });
    });
  } finally { rmSync(dir, { recursive: true, force: true }); }
  return tally;
}
