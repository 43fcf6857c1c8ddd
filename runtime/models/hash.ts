// Stable hashes for provenance and cache keys: the same prompt and schema always hash the same.
import type { ModelRequest } from "./model.ts";

export const sha256 = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex");

/** Key order must not change a hash: objects are serialised with sorted keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export const promptHash = (req: Pick<ModelRequest, "messages" | "facts">) => sha256(canonicalJson({ messages: req.messages, facts: req.facts }));
export const schemaHash = (req: Pick<ModelRequest, "schema" | "functions" | "toolChoice">) => sha256(canonicalJson({ schema: req.schema, functions: req.functions, toolChoice: req.toolChoice }));

/** sha256 of a file, streamed so multi-gigabyte models do not need to fit in memory. */
export async function fileSha256(path: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of Bun.file(path).stream()) hasher.update(chunk);
  return hasher.digest("hex");
}
