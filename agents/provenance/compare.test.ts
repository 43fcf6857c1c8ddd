import { describe, expect, it } from "vitest";
import { compareOutputs, outputSummary } from "./compare.ts";
import { parseRef } from "./explain.ts";

const obj = (object: unknown) => ({ kind: "object" as const, content: JSON.stringify(object), object });
const fn = (name: string, args: Record<string, unknown>) => ({ kind: "function" as const, content: "", call: { name, arguments: args } });

describe("shadow agreement", () => {
  it("agrees on the same action and parameters whatever the reason and key order", () => {
    expect(compareOutputs(obj({ action: "rewrite", params: { a: 1, b: 2 }, reason: "x" }), obj({ reason: "y", params: { b: 2, a: 1 }, action: "rewrite" })).verdict).toBe("agree");
    expect(compareOutputs(obj({ action: "rewrite", params: { a: 1 } }), obj({ action: "rewrite", params: { a: 2 } })).verdict).toBe("disagree");
    expect(compareOutputs(obj({ action: "rewrite", params: {} }), obj({ action: "escalate", params: {} })).verdict).toBe("disagree");
    expect(compareOutputs(obj({ verdict: "ok" }), obj({ verdict: "ok" })).verdict).toBe("agree");
  });

  it("compares function calls by name and arguments; text and nothing decided are not comparable", () => {
    expect(compareOutputs(fn("restart", { unit: "a" }), fn("restart", { unit: "a" })).verdict).toBe("agree");
    expect(compareOutputs(fn("restart", { unit: "a" }), fn("stop", { unit: "a" })).verdict).toBe("disagree");
    expect(compareOutputs(fn("restart", {}), obj({ action: "restart" }))).toEqual({ verdict: "disagree", why: "answered object, not function" });
    expect(compareOutputs({ kind: "text", content: "hi" }, { kind: "text", content: "hi" }).verdict).toBe("not comparable");
    expect(compareOutputs({ kind: "unknown", reason: "no rule" }, obj({})).verdict).toBe("not comparable");
    expect(compareOutputs(obj({ action: "x" }), { kind: "unknown", reason: "dunno" })).toEqual({ verdict: "no answer", why: "dunno" });
    expect(outputSummary(obj({ action: "rewrite", params: { path: "/a" } }))).toBe('rewrite {"path":"/a"}');
  });
});

describe("explain references", () => {
  it("reads incidents, audit seqs and decision ids", () => {
    expect(parseRef("42")).toEqual({ incident: 42 });
    expect(parseRef("incident:7")).toEqual({ incident: 7 });
    expect(parseRef("#812")).toEqual({ seq: 812 });
    expect(parseRef("seq:3")).toEqual({ seq: 3 });
    expect(parseRef("mx66ed46-0")).toEqual({ decision: "mx66ed46-0" });
    expect(() => parseRef("rm -rf /")).toThrow(/neither an incident/);
  });
});
