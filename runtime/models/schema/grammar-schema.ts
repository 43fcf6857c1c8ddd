// Prepares a JSON schema for node-llama-cpp's grammar builder, which silently turns what it does not
// know into `null` (measured: `anyOf` and unknown types give a grammar that only allows "null").
// `anyOf` becomes the equivalent-for-generation `oneOf`; unknown types are refused up front.
import { UserError } from "../../errors.ts";
import type { JsonSchema } from "../../schema/validate.ts";

const TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

export function toGrammarSchema(schema: JsonSchema, path = "$"): JsonSchema {
  if (schema.type !== undefined && !TYPES.has(schema.type)) {
    throw new UserError(`schema ${path}: type ${JSON.stringify(schema.type)} is not a JSON type`, `use one of ${[...TYPES].join(", ")}`);
  }
  const out: JsonSchema = { ...schema };
  if (schema.anyOf) { delete out.anyOf; out.oneOf = schema.anyOf; }
  if (out.oneOf) out.oneOf = out.oneOf.map((s, i) => toGrammarSchema(s, `${path}.oneOf[${i}]`));
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, toGrammarSchema(v, `${path}.${k}`)]));
  if (schema.items) out.items = toGrammarSchema(schema.items, `${path}[]`);
  return out;
}
