// Turns a parsed GGUF into what the runtime needs to decide about a model: its shape, its size, and
// every reason llama.cpp would refuse it (or abort the whole process on it).
import type { GgufFile } from "./reader.ts";
import { FILE_TYPES, GGML_TYPES } from "./types.ts";

export interface ModelFacts {
  architecture: string;
  name: string;
  parameterCount: number;
  quantization: string;
  contextLength: number;
  embeddingLength: number;
  blockCount: number;
  chatTemplate: string | null;
  fileSize: number;
  /** Empty when llama.cpp should load the file. */
  problems: string[];
}

/** Keys without which llama.cpp fails or GGML_ASSERTs (PLATFORM.md); `{arch}` is the architecture. */
const REQUIRED = [
  "{arch}.context_length", "{arch}.embedding_length", "{arch}.block_count",
  "{arch}.feed_forward_length", "{arch}.attention.head_count",
  "tokenizer.ggml.model", "tokenizer.ggml.tokens",
];

function num(f: GgufFile, key: string): number {
  const v = f.metadata.get(key);
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : 0;
}

function quantizationOf(f: GgufFile): string {
  const ft = f.metadata.get("general.file_type");
  if (typeof ft === "number" && FILE_TYPES[ft]) return FILE_TYPES[ft]!;
  // No file_type: name the most common tensor type by bytes.
  const bytes = new Map<string, number>();
  for (const t of f.tensors) {
    const name = GGML_TYPES[t.type]?.name ?? `type${t.type}`;
    bytes.set(name, (bytes.get(name) ?? 0) + t.dims.reduce((a, b) => a * b, 1));
  }
  return [...bytes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "unknown";
}

export function inspectGguf(f: GgufFile): ModelFacts {
  const problems: string[] = [];
  const archValue = f.metadata.get("general.architecture");
  const arch = typeof archValue === "string" ? archValue : "";
  if (!arch) problems.push("missing metadata key general.architecture");
  for (const pattern of REQUIRED) {
    const key = pattern.replace("{arch}", arch || "?");
    if (!f.metadata.has(key)) problems.push(`missing metadata key ${key}`);
  }
  if (arch && !f.metadata.has(`${arch}.attention.layer_norm_rms_epsilon`) && !f.metadata.has(`${arch}.attention.layer_norm_epsilon`)) {
    problems.push(`missing metadata key ${arch}.attention.layer_norm_rms_epsilon`);
  }
  if (f.tensors.length === 0) problems.push("no tensors");
  if (f.dataOffset + f.dataBytes > f.fileSize) {
    problems.push(`truncated: tensor data needs ${f.dataOffset + f.dataBytes} bytes, file has ${f.fileSize}`);
  }
  const template = f.metadata.get("tokenizer.chat_template");
  const nameValue = f.metadata.get("general.name");
  return {
    architecture: arch || "unknown",
    name: typeof nameValue === "string" ? nameValue : "",
    parameterCount: f.tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0),
    quantization: quantizationOf(f),
    contextLength: num(f, `${arch}.context_length`),
    embeddingLength: num(f, `${arch}.embedding_length`),
    blockCount: num(f, `${arch}.block_count`),
    chatTemplate: typeof template === "string" ? template : null,
    fileSize: f.fileSize,
    problems,
  };
}
