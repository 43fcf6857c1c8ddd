// Tool input schemas, declared with the builders and checked by the one validator (runtime/schema/):
// what a grammar-constrained model might still get wrong is caught here.
import { describe, expect, it } from "vitest";
import { validate } from "../../../runtime/schema/validate.ts";
import { s } from "../../../tools/schema.ts";

const schema = s.object({ path: s.string("p", { pattern: "^/" }), mode: s.enum(["a", "b"]), n: s.int("n", 0, 10), tags: s.array(s.string(), "t", 2), force: s.bool() }, ["path"]);

describe("validate", () => {
  it("accepts valid input", () => {
    expect(validate(schema, { path: "/x", mode: "a", n: 3, tags: ["x"], force: true }, "input")).toEqual([]);
  });
  it("names every problem with its path", () => {
    expect(validate(schema, { mode: "c", n: 3.5, tags: ["x", "y", "z"], force: "yes", extra: 1 }, "input")).toEqual([
      "input.path: is required", "input.mode: must be one of a, b", "input.n: must be an integer, got number", "input.tags: allows at most 2 items",
      "input.force: must be true or false, got string", "input.extra: is not allowed",
    ]);
    expect(validate(schema, { path: "rel" }, "input")).toEqual(["input.path: must match ^/"]);
    expect(validate(schema, null, "input")).toEqual(["input: must be an object, got null"]);
    expect(validate(schema, { path: "/x", n: 11 }, "input")).toEqual(["input.n: must be ≤ 10"]);
  });
});
