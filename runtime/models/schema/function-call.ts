// Function calling as structured output: a call is `{"name": <one of the functions>, "arguments": {…}}`.
// Expressing it as one JSON schema lets a grammar constrain local models the same way for every chat
// template, and lets one validator check calls from every tier.
import type { FunctionSpec } from "../model.ts";
import type { JsonSchema } from "../../schema/validate.ts";

export function functionCallSchema(functions: readonly FunctionSpec[]): JsonSchema {
  const shapes = functions.map((f): JsonSchema => ({
    type: "object",
    properties: { name: { const: f.name }, arguments: withRequiredAll(f.parameters) },
    required: ["name", "arguments"],
  }));
  return shapes.length === 1 ? shapes[0]! : { oneOf: shapes };
}

/** Grammars emit every listed property; validating with all required keeps the two in step. */
function withRequiredAll(schema: JsonSchema): JsonSchema {
  if (schema.type !== "object" || !schema.properties) return schema;
  return { ...schema, required: schema.required ?? Object.keys(schema.properties) };
}

/** The prompt text that tells a model which functions exist (for tiers without native tool calling). */
export function describeFunctions(functions: readonly FunctionSpec[]): string {
  const lines = functions.map((f) => `- ${f.name}: ${f.description ?? ""} arguments schema ${JSON.stringify(f.parameters)}`);
  return `Answer with a JSON object {"name": <function>, "arguments": {...}} calling one of:\n${lines.join("\n")}`;
}
