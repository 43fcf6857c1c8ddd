// The JSON-schema subset tool inputs use, and its validator. The same object is handed to a model as a
// grammar for constrained decoding, and checked again here: a grammar is no guarantee of valid input.
export type JsonSchema =
  | { type: "object"; properties: Record<string, JsonSchema>; required?: string[]; additionalProperties?: false; description?: string }
  | { type: "array"; items: JsonSchema; minItems?: number; maxItems?: number; description?: string }
  | { type: "string"; enum?: string[]; pattern?: string; minLength?: number; maxLength?: number; description?: string }
  | { type: "integer" | "number"; minimum?: number; maximum?: number; description?: string }
  | { type: "boolean"; description?: string };

/** Returns "path: problem" strings; empty when the value is valid. */
export function validate(schema: JsonSchema, value: unknown, path = "input"): string[] {
  switch (schema.type) {
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: must be an object`];
      const v = value as Record<string, unknown>;
      const errs: string[] = [];
      for (const k of schema.required ?? []) if (v[k] === undefined) errs.push(`${path}.${k}: is required`);
      for (const [k, x] of Object.entries(v)) {
        const sub = schema.properties[k];
        if (!sub) { if (schema.additionalProperties === false) errs.push(`${path}.${k}: is not allowed`); continue; }
        if (x !== undefined) errs.push(...validate(sub, x, `${path}.${k}`));
      }
      return errs;
    }
    case "array": {
      if (!Array.isArray(value)) return [`${path}: must be an array`];
      if (schema.minItems !== undefined && value.length < schema.minItems) return [`${path}: needs at least ${schema.minItems} items`];
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return [`${path}: allows at most ${schema.maxItems} items`];
      return value.flatMap((x, i) => validate(schema.items, x, `${path}[${i}]`));
    }
    case "string": {
      if (typeof value !== "string") return [`${path}: must be a string`];
      if (schema.enum && !schema.enum.includes(value)) return [`${path}: must be one of ${schema.enum.join(", ")}`];
      if (schema.minLength !== undefined && [...value].length < schema.minLength) return [`${path}: is shorter than ${schema.minLength}`];
      if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return [`${path}: is longer than ${schema.maxLength}`];
      if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) return [`${path}: must match ${schema.pattern}`];
      return [];
    }
    case "integer": case "number": {
      if (typeof value !== "number" || !Number.isFinite(value) || (schema.type === "integer" && !Number.isInteger(value))) return [`${path}: must be ${schema.type === "integer" ? "an integer" : "a number"}`];
      if (schema.minimum !== undefined && value < schema.minimum) return [`${path}: must be >= ${schema.minimum}`];
      if (schema.maximum !== undefined && value > schema.maximum) return [`${path}: must be <= ${schema.maximum}`];
      return [];
    }
    case "boolean":
      return typeof value === "boolean" ? [] : [`${path}: must be true or false`];
  }
}

/** Shorthands that keep declarations readable. */
export const s = {
  object: (properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema => ({ type: "object", properties, required, additionalProperties: false }),
  string: (description?: string, extra: { pattern?: string; maxLength?: number; minLength?: number } = {}): JsonSchema => ({ type: "string", description, ...extra }),
  enum: (values: string[], description?: string): JsonSchema => ({ type: "string", enum: values, description }),
  int: (description?: string, minimum?: number, maximum?: number): JsonSchema => ({ type: "integer", description, minimum, maximum }),
  bool: (description?: string): JsonSchema => ({ type: "boolean", description }),
  array: (items: JsonSchema, description?: string, maxItems?: number): JsonSchema => ({ type: "array", items, description, maxItems }),
};
