// Where a key is written, for file:line:key errors: quoted keys (dots inside quotes are no separators),
// arrays of tables, and locate() giving a checker's line-less ConfigError the line of its key. Cases the
// TOML campaign (bench/campaigns/toml) found without a line.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../runtime/errors.ts";
import { keyLines, lineIn, locate } from "../../../runtime/config/toml.ts";

describe("key lines", () => {
  it("reads quoted and literal keys, dotted or not", () => {
    const lines = keyLines('"a.b@c" = 1\n[web]\n"x y".\'z.w\' = 2\n');
    expect(lines.get("a.b@c")).toBe(1);
    expect(lines.get("web.x y.z.w")).toBe(3);
  });

  it("names an array of tables by its first entry", () => {
    const lines = keyLines("x = 1\n[[remote]]\na = 1\n[[remote]]\na = 2\n");
    expect(lineIn(lines, "remote")).toBe(2);
    expect(lineIn(lines, "remote[1].a")).toBe(5);
  });

  it("gives a checker's error the line of its key", () => {
    const source = "[runtime]\nthreads = -1\n";
    const run = () => locate(source, "m.toml", () => { throw new ConfigError("m.toml", "runtime.threads", "must be a number ≥ 1"); });
    expect(run).toThrow("m.toml:2: runtime.threads: must be a number ≥ 1");
  });
});
