// Re-validation of structured output and function calls, the same for every tier.
import { describe, expect, it } from "vitest";
import { ModelBehaviorError } from "../../../runtime/errors.ts";
import { confidenceOf, parseOutput } from "../../../runtime/models/output/parse.ts";
import { functionCallSchema } from "../../../runtime/models/schema/function-call.ts";
import { toGrammarSchema } from "../../../runtime/models/schema/grammar-schema.ts";
import { validate } from "../../../runtime/schema/validate.ts";

const schema = { type: "object", properties: { n: { type: "integer", minimum: 0, maximum: 10 }, s: { type: "string", maxLength: 3 }, e: { enum: ["a", "b"] } }, required: ["n"], additionalProperties: false };
const functions = [{ name: "restart", parameters: { type: "object", properties: { unit: { type: "string" } } } }];

describe("schema validation", () => {
  it("accepts valid values and names each problem with its path", () => {
    expect(validate(schema, { n: 3, s: "ab", e: "a" })).toEqual([]);
    expect(validate(schema, { n: 3.5 })).toEqual(["$.n: must be an integer, got number"]);
    expect(validate(schema, { n: 11, s: "abcd", e: "z", x: 1 })).toEqual([
      "$.n: must be ≤ 10", "$.s: is longer than 3", "$.e: must be one of a, b", "$.x: is not allowed",
    ]);
    expect(validate(schema, {})).toEqual(["$.n: is required"]);
    expect(validate({ type: "array", items: { type: "boolean" }, maxItems: 1 }, [true, 1])).toEqual(["$: allows at most 1 items", "$[1]: must be true or false, got number"]);
  });

  it("counts string length in code points, as grammars do", () => {
    expect(validate({ type: "string", maxLength: 2 }, "éé")).toEqual([]);
    expect(validate({ type: "string", maxLength: 2 }, "😀😀")).toEqual([]);
  });

  it("parses objects and function calls, and rejects what does not fit", () => {
    expect(parseOutput('{"n": 2}', { schema })).toEqual({ kind: "object", content: '{"n": 2}', object: { n: 2 } });
    expect(() => parseOutput("{n: 2", { schema })).toThrow(ModelBehaviorError);
    expect(() => parseOutput('{"n": 74E736}', { schema })).toThrow(/must be an integer/);
    expect(parseOutput('{"name":"restart","arguments":{"unit":"x"}}', { functions })).toMatchObject({ kind: "function", call: { name: "restart", arguments: { unit: "x" } } });
    expect(() => parseOutput('{"name":"reboot","arguments":{}}', { functions })).toThrow(/unknown function "reboot"/);
    expect(() => parseOutput('{"name":"restart","arguments":{"unit":5}}', { functions })).toThrow(/\$\.arguments\.unit: must be a string/);
    expect(parseOutput("plain", {})).toEqual({ kind: "text", content: "plain" });
  });

  it("builds one schema for several functions", () => {
    const s = functionCallSchema([...functions, { name: "stop", parameters: { type: "object", properties: {} } }]);
    expect(s.oneOf).toHaveLength(2);
  });

  it("reads a stated confidence from a structured answer", () => {
    expect(confidenceOf({ kind: "object", content: "", object: { confidence: 0.2 } })).toBe(0.2);
    expect(confidenceOf({ kind: "text", content: "" }, 0.7)).toBe(0.7);
    expect(confidenceOf({ kind: "text", content: "" })).toBeUndefined();
  });

  it("prepares schemas for the grammar builder: anyOf → oneOf, unknown types refused", () => {
    expect(toGrammarSchema({ type: "object", properties: { v: { anyOf: [{ type: "string" }, { type: "number" }] } } }))
      .toEqual({ type: "object", properties: { v: { oneOf: [{ type: "string" }, { type: "number" }] } } });
    expect(() => toGrammarSchema({ type: "object", properties: { d: { type: "date" } } })).toThrow(/schema \$\.d: type "date" is not a JSON type/);
  });
});
