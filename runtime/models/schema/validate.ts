// A small JSON Schema validator for the subset decision schemas use. Grammar-constrained output is
// always parseable but not always valid (PLATFORM.md: `74E736` integers, code-point lengths), so every
// structured answer is validated again here, whichever tier produced it.

export interface JsonSchema {
  type?: "object" | "array" | "string" | "number" | "integer" | "boolean" | "null" | string;
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
  minItems?: number;
  maxItems?: number;
  description?: string;
  [extra: string]: unknown;
}

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Returns the list of problems (empty when valid), each naming the JSON path. */
export function validate(schema: JsonSchema, value: unknown, path = "$"): string[] {
  const problems: string[] = [];
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    if (!alternatives.some((alt) => validate(alt, value, path).length === 0)) problems.push(`${path}: matches none of the allowed shapes`);
    return problems;
  }
  if ("const" in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) return [`${path}: must be ${JSON.stringify(schema.const)}`];
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return [`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`];
  }
  const actual = typeOf(value);
  switch (schema.type) {
    case undefined: break;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return [`${path}: must be an integer, got ${actual}`];
      break;
    default:
      if (actual !== schema.type) return [`${path}: must be ${schema.type}, got ${actual}`];
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) problems.push(`${path}: must be a finite number`);
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${path}: must be ≥ ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${path}: must be ≤ ${schema.maximum}`);
  }
  if (typeof value === "string") {
    const len = [...value].length;
    if (schema.minLength !== undefined && len < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && len > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((item, i) => problems.push(...validate(schema.items!, item, `${path}[${i}]`)));
  }
  if (actual === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) problems.push(`${path}.${key}: required`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) problems.push(...validate(sub, v, `${path}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${path}.${key}: not allowed`);
    }
  }
  return problems;
}
