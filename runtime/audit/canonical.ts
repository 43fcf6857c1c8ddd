// Canonical JSON: object keys sorted, no whitespace, same value rules as JSON.stringify. The stored
// text is what gets hashed, so the same entry always serialises the same way whatever its key order.
// Written as a direct serialiser (no sorted copies): it sits on the audit append path.
export function canonicalJson(value: unknown): string {
  return canon(value) ?? "null";
}

function canon(v: unknown): string | undefined {
  if (v === null || typeof v !== "object") return typeof v === "function" ? undefined : JSON.stringify(v);
  if (typeof (v as { toJSON?: unknown }).toJSON === "function") return canon((v as { toJSON(): unknown }).toJSON());
  if (Array.isArray(v)) return `[${v.map((x) => canon(x) ?? "null").join(",")}]`;
  let out = "";
  for (const k of Object.keys(v).sort()) {
    const s = canon((v as Record<string, unknown>)[k]);
    if (s === undefined) continue;
    out += `${out ? "," : ""}${JSON.stringify(k)}:${s}`;
  }
  return `{${out}}`;
}
