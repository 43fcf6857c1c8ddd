// The one JSON-schema validator, for the subset tool inputs and decision schemas use. The same schema
// is handed to a model as a grammar for constrained decoding, and every value is checked again here:
// grammars give parseable JSON, not always valid JSON (PLATFORM.md: `74E736` integers, code-point
// lengths), whichever tier produced it.

export interface JsonSchema {
  type?: "object" | "array" | "string" | "number" | "integer" | "boolean" | "null" | (string & {});
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: readonly unknown[];
  const?: unknown;
  oneOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  /** A regular expression (Unicode mode) the whole string must match somewhere, as in JSON Schema. */
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  description?: string;
  [extra: string]: unknown;
}

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const TYPE_WORDS: Record<string, string> = {
  object: "an object", array: "an array", string: "a string", number: "a number", integer: "an integer", boolean: "true or false", null: "null",
};
const shown = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** Returns "path: problem" strings, empty when the value is valid; `path` names the root ("input", "$"). */
export function validate(schema: JsonSchema, value: unknown, path = "$"): string[] {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    return alternatives.some((alt) => validate(alt, value, path).length === 0) ? [] : [`${path}: matches none of the allowed shapes`];
  }
  if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) return [`${path}: must be ${JSON.stringify(schema.const)}`];
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return [`${path}: must be one of ${schema.enum.map(shown).join(", ")}`];
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const fits = schema.type === "integer" ? Number.isInteger(value) : schema.type === actual;
    if (!fits) return [`${path}: must be ${TYPE_WORDS[schema.type] ?? schema.type}, got ${actual}`];
  }
  const problems: string[] = [];
  if (typeof value === "number") {
    if (!Number.isFinite(value)) problems.push(`${path}: must be a finite number`);
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: must be ≥ ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: must be ≤ ${schema.maximum}`);
  }
  if (typeof value === "string") {
    const len = [...value].length;
    if (schema.minLength !== undefined && len < schema.minLength) problems.push(`${path}: is shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && len > schema.maxLength) problems.push(`${path}: is longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) problems.push(`${path}: must match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${path}: needs at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${path}: allows at most ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => problems.push(...validate(schema.items!, item, `${path}[${i}]`)));
  }
  if (actual === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (obj[key] === undefined) problems.push(`${path}.${key}: is required`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) { if (v !== undefined) problems.push(...validate(sub, v, `${path}.${key}`)); }
      else if (schema.additionalProperties === false) problems.push(`${path}.${key}: is not allowed`);
    }
  }
  return problems;
}
