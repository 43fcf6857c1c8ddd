// Shorthands that keep tool declarations readable. The schema type and its validator are the one in
// runtime/schema/ (the same checks for tool inputs and model answers); an object here is strict by
// default: every listed property required, nothing else allowed.
import type { JsonSchema } from "../runtime/schema/validate.ts";

export type { JsonSchema };

export const s = {
  object: (properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema => ({ type: "object", properties, required, additionalProperties: false }),
  string: (description?: string, extra: { pattern?: string; maxLength?: number; minLength?: number } = {}): JsonSchema => ({ type: "string", description, ...extra }),
  enum: (values: string[], description?: string): JsonSchema => ({ type: "string", enum: values, description }),
  int: (description?: string, minimum?: number, maximum?: number): JsonSchema => ({ type: "integer", description, minimum, maximum }),
  bool: (description?: string): JsonSchema => ({ type: "boolean", description }),
  array: (items: JsonSchema, description?: string, maxItems?: number): JsonSchema => ({ type: "array", items, description, maxItems }),
};
