// GGUF v3 value types and the small vocabulary both the reader and the writer share.
// Layout reference: ggml/docs/gguf.md (little-endian, u64 lengths, tensor data aligned).

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
export const GGUF_VERSION = 3;
export const DEFAULT_ALIGNMENT = 32;

export enum GgufType {
  UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6, BOOL = 7,
  STRING = 8, ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12,
}

/** ggml tensor element types we name; sizes are bytes per block and elements per block. */
export const GGML_TYPES: Record<number, { name: string; blockBytes: number; blockSize: number }> = {
  0: { name: "F32", blockBytes: 4, blockSize: 1 },
  1: { name: "F16", blockBytes: 2, blockSize: 1 },
  2: { name: "Q4_0", blockBytes: 18, blockSize: 32 },
  3: { name: "Q4_1", blockBytes: 20, blockSize: 32 },
  6: { name: "Q5_0", blockBytes: 22, blockSize: 32 },
  7: { name: "Q5_1", blockBytes: 24, blockSize: 32 },
  8: { name: "Q8_0", blockBytes: 34, blockSize: 32 },
  10: { name: "Q2_K", blockBytes: 84, blockSize: 256 },
  11: { name: "Q3_K", blockBytes: 110, blockSize: 256 },
  12: { name: "Q4_K", blockBytes: 144, blockSize: 256 },
  13: { name: "Q5_K", blockBytes: 176, blockSize: 256 },
  14: { name: "Q6_K", blockBytes: 210, blockSize: 256 },
  30: { name: "BF16", blockBytes: 2, blockSize: 1 },
};

/** general.file_type → the quantization name people know (llama_ftype). */
export const FILE_TYPES: Record<number, string> = {
  0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
  11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M",
  18: "Q6_K", 32: "BF16",
};

export type GgufScalar = number | bigint | boolean | string;
export type GgufValue = GgufScalar | GgufScalar[];

export interface GgufKv {
  key: string;
  type: GgufType;
  /** For ARRAY values, the element type. */
  itemType?: GgufType;
  value: GgufValue;
}

export interface GgufTensorInfo {
  name: string;
  /** ggml order: dims[0] is the contiguous (innermost) dimension. */
  dims: number[];
  type: number;
  /** Relative to the start of the data section. */
  offset: number;
}

export function tensorBytes(t: Pick<GgufTensorInfo, "dims" | "type">): number {
  const info = GGML_TYPES[t.type];
  if (!info) return 0;
  const elements = t.dims.reduce((a, b) => a * b, 1);
  return Math.ceil(elements / info.blockSize) * info.blockBytes;
}

export const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;
