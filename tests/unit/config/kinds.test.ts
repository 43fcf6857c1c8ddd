// Setting kinds: each reads TOML and text, refuses what does not fit with a reason, and writes the
// TOML literal `config set` puts in the file.
import { describe, expect, it } from "vitest";
import { describe as describeKind, duration, fromText, fromToml, int, list, ms, oneOf, path, text, toToml, bool } from "../../../runtime/config/kinds.ts";

const literal = (k: Parameters<typeof toToml>[0], v: string) => {
  const p = fromText(k, v);
  if (!p.ok) throw new Error(p.problem);
  return toToml(k, p);
};

describe("setting kinds", () => {
  it("integers with a range", () => {
    expect(fromToml(int(1, 10), 5)).toEqual({ ok: true, value: 5, text: "5" });
    expect(fromToml(int(1, 10), 11)).toMatchObject({ ok: false, problem: "must be an integer from 1 to 10, got 11" });
    expect(fromToml(int(1, 10), "5")).toMatchObject({ ok: false, problem: 'must be an integer from 1 to 10, got "5"' });
    expect(fromText(int(1, 10), "7")).toMatchObject({ ok: true, value: 7 });
    expect(fromText(int(1, 10), "7x")).toMatchObject({ ok: false });
  });

  it("booleans, enums, strings with a check", () => {
    expect(fromToml(bool, true)).toMatchObject({ ok: true, value: true });
    expect(fromText(bool, "no")).toMatchObject({ ok: true, value: false, text: "false" });
    expect(fromToml(bool, "yes")).toMatchObject({ ok: false, problem: 'must be true or false, got "yes"' });
    expect(fromToml(oneOf("a", "b"), "c")).toMatchObject({ ok: false, problem: 'must be one of a, b, got "c"' });
    expect(fromToml(text((v) => (v.length > 3 ? "too long" : undefined)), "abcd")).toMatchObject({ ok: false, problem: 'too long, got "abcd"' });
  });

  it("paths: absolute in files, from the current directory in variables", () => {
    expect(fromToml(path, "data")).toMatchObject({ ok: false, problem: 'must be an absolute path, got "data"' });
    expect(fromToml(path, "/data")).toMatchObject({ ok: true, value: "/data" });
    expect(fromText(path, "data")).toMatchObject({ ok: true, value: `${process.cwd()}/data` });
  });

  it("durations in units, within bounds", () => {
    expect(ms("1h30m")).toBe(5_400_000);
    expect(ms("500ms")).toBe(500);
    expect(ms("5 min")).toBeUndefined();
    expect(fromToml(duration("1m", "1d"), "2h")).toMatchObject({ ok: true, value: 7_200_000, text: "2h" });
    expect(fromToml(duration("1m", "1d"), "2d")).toMatchObject({ ok: false, problem: 'must be from 1m to 1d, got "2d"' });
    expect(fromToml(duration("1m", "1d"), 60)).toMatchObject({ ok: false });
  });

  it("lists of strings, as arrays in TOML and commas in text", () => {
    expect(fromToml(list, ["a", "b"])).toEqual({ ok: true, value: ["a", "b"], text: "a,b" });
    expect(fromText(list, "a, b,")).toMatchObject({ ok: true, value: ["a", "b"] });
    expect(fromToml(list, [1])).toMatchObject({ ok: false });
  });

  it("writes TOML literals and describes itself", () => {
    expect(literal(int(1, 9), "3")).toBe("3");
    expect(literal(path, '/a "b"')).toBe('"/a \\"b\\""');
    expect(literal(list, "x,y")).toBe('["x", "y"]');
    expect(describeKind(int(1, 65535))).toBe("integer 1–65535");
    expect(describeKind(duration("1m", "30d"))).toContain("1m–30d");
  });
});
