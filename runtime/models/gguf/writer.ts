// Writes GGUF v3 files: metadata key/values plus F32 tensors (ggufHeader: any tensor type, for
// streaming big files). Used to generate test models at test time (nothing binary is committed), so
// it favours being obviously correct over being fast.
import { alignUp, DEFAULT_ALIGNMENT, GGUF_MAGIC, GGUF_VERSION, GgufType, type GgufKv, type GgufScalar } from "./types.ts";

export interface TensorInput {
  name: string;
  /** ggml order: dims[0] is the contiguous dimension. */
  dims: number[];
  data: Float32Array;
}

class ByteSink {
  private chunks: Uint8Array[] = [];
  length = 0;
  private push(bytes: Uint8Array) { this.chunks.push(bytes); this.length += bytes.length; }
  private view(size: number, fill: (v: DataView) => void) {
    const b = new Uint8Array(size);
    fill(new DataView(b.buffer));
    this.push(b);
  }
  u8(n: number) { this.view(1, (v) => v.setUint8(0, n)); }
  i8(n: number) { this.view(1, (v) => v.setInt8(0, n)); }
  u16(n: number) { this.view(2, (v) => v.setUint16(0, n, true)); }
  i16(n: number) { this.view(2, (v) => v.setInt16(0, n, true)); }
  u32(n: number) { this.view(4, (v) => v.setUint32(0, n, true)); }
  i32(n: number) { this.view(4, (v) => v.setInt32(0, n, true)); }
  f32(n: number) { this.view(4, (v) => v.setFloat32(0, n, true)); }
  f64(n: number) { this.view(8, (v) => v.setFloat64(0, n, true)); }
  u64(n: number | bigint) { this.view(8, (v) => v.setBigUint64(0, BigInt(n), true)); }
  i64(n: number | bigint) { this.view(8, (v) => v.setBigInt64(0, BigInt(n), true)); }
  str(s: string) { const b = new TextEncoder().encode(s); this.u64(b.length); this.push(b); }
  bytes(b: Uint8Array) { this.push(b); }
  pad(alignment: number) { const n = alignUp(this.length, alignment) - this.length; if (n) this.push(new Uint8Array(n)); }
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) { out.set(c, at); at += c.length; }
    return out;
  }
}

function writeScalar(sink: ByteSink, type: GgufType, v: GgufScalar) {
  switch (type) {
    case GgufType.UINT8: return sink.u8(Number(v));
    case GgufType.INT8: return sink.i8(Number(v));
    case GgufType.UINT16: return sink.u16(Number(v));
    case GgufType.INT16: return sink.i16(Number(v));
    case GgufType.UINT32: return sink.u32(Number(v));
    case GgufType.INT32: return sink.i32(Number(v));
    case GgufType.FLOAT32: return sink.f32(Number(v));
    case GgufType.FLOAT64: return sink.f64(Number(v));
    case GgufType.BOOL: return sink.u8(v ? 1 : 0);
    case GgufType.STRING: return sink.str(String(v));
    case GgufType.UINT64: return sink.u64(typeof v === "bigint" ? v : Number(v));
    case GgufType.INT64: return sink.i64(typeof v === "bigint" ? v : Number(v));
    default: throw new Error(`cannot write GGUF scalar of type ${type}`);
  }
}

/** A tensor's header entry: its ggml type (GGML_TYPES) and how many data bytes follow for it. */
export interface TensorHeader {
  name: string;
  dims: number[];
  type: number;
  byteLength: number;
}

/**
 * Everything before the tensor data (magic, key/values, tensor infos, padding) and each tensor's
 * offset in the data section; tensor i's bytes go at `offsets[i]`, each padded to `alignment`.
 * Lets big generated models be streamed to disk instead of being built in memory.
 */
export function ggufHeader(kvs: readonly GgufKv[], tensors: readonly TensorHeader[], alignment = DEFAULT_ALIGNMENT): { header: Uint8Array; offsets: number[] } {
  const sink = new ByteSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.u64(tensors.length);
  sink.u64(kvs.length);
  for (const kv of kvs) {
    sink.str(kv.key);
    sink.u32(kv.type);
    if (kv.type === GgufType.ARRAY) {
      const items = kv.value as GgufScalar[];
      const itemType = kv.itemType ?? GgufType.STRING;
      sink.u32(itemType);
      sink.u64(items.length);
      for (const item of items) writeScalar(sink, itemType, item);
    } else {
      writeScalar(sink, kv.type, kv.value as GgufScalar);
    }
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    sink.str(t.name);
    sink.u32(t.dims.length);
    for (const d of t.dims) sink.u64(d);
    sink.u32(t.type);
    sink.u64(offset);
    offsets.push(offset);
    offset = alignUp(offset + t.byteLength, alignment);
  }
  sink.pad(alignment);
  return { header: sink.toBytes(), offsets };
}

export function writeGguf(kvs: readonly GgufKv[], tensors: readonly TensorInput[], alignment = DEFAULT_ALIGNMENT): Uint8Array {
  const { header } = ggufHeader(kvs, tensors.map((t) => ({ name: t.name, dims: t.dims, type: 0 /* F32 */, byteLength: t.data.byteLength })), alignment);
  const sink = new ByteSink();
  sink.bytes(header);
  for (const t of tensors) {
    sink.bytes(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    sink.pad(alignment);
  }
  return sink.toBytes();
}

/** Shorthands so generators read like the key list in PLATFORM.md. */
export const kv = {
  str: (key: string, value: string): GgufKv => ({ key, type: GgufType.STRING, value }),
  u32: (key: string, value: number): GgufKv => ({ key, type: GgufType.UINT32, value }),
  i32: (key: string, value: number): GgufKv => ({ key, type: GgufType.INT32, value }),
  f32: (key: string, value: number): GgufKv => ({ key, type: GgufType.FLOAT32, value }),
  bool: (key: string, value: boolean): GgufKv => ({ key, type: GgufType.BOOL, value }),
  strs: (key: string, value: string[]): GgufKv => ({ key, type: GgufType.ARRAY, itemType: GgufType.STRING, value }),
  f32s: (key: string, value: number[]): GgufKv => ({ key, type: GgufType.ARRAY, itemType: GgufType.FLOAT32, value }),
  i32s: (key: string, value: number[]): GgufKv => ({ key, type: GgufType.ARRAY, itemType: GgufType.INT32, value }),
};
