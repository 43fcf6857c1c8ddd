// Mapping OpenAI request bodies onto model requests, and refusing bad ones with a clear message.
import { describe, expect, it } from "vitest";
import { UserError } from "../../../runtime/errors.ts";
import { toModelRequest } from "../../../runtime/models/api/openai-request.ts";

describe("OpenAI request mapping", () => {
  it("maps messages, content parts, tools and response formats", () => {
    const r = toModelRequest({
      model: "m", max_completion_tokens: 9, temperature: 0.2,
      messages: [{ role: "developer", content: "be terse" }, { role: "user", content: [{ type: "text", text: "hi " }, { type: "image_url" }, { type: "text", text: "there" }] }],
      tools: [{ type: "function", function: { name: "f" } }],
      response_format: { type: "json_object" },
    });
    expect(r.messages).toEqual([{ role: "system", content: "be terse" }, { role: "user", content: "hi there" }]);
    expect(r.functions).toEqual([{ name: "f", description: undefined, parameters: { type: "object", properties: {} } }]);
    expect(r.schema).toEqual({ type: "object" });
    expect(r.maxTokens).toBe(9);
  });

  it("refuses what it cannot serve, naming the field", () => {
    expect(() => toModelRequest({ model: "", messages: [] } as never)).toThrow(UserError);
    expect(() => toModelRequest({ model: "m", messages: [] })).toThrow(/messages must be a non-empty array/);
    expect(() => toModelRequest({ model: "m", messages: [{ role: "wizard", content: "x" }] })).toThrow(/messages\[0\]\.role must be one of/);
  });
});
