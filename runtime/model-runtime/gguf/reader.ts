// Reads a GGUF file's header, metadata and tensor table without loading weights, so the catalog can
// learn a model's shape (and refuse a broken one) before llama.cpp ever sees it.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { UserError } from "../../errors.ts";
import { alignUp, DEFAULT_ALIGNMENT, GGML_TYPES, GGUF_MAGIC, GgufType, tensorBytes, type GgufScalar, type GgufTensorInfo, type GgufValue } from "./types.ts";

export interface GgufFile {
  version: number;
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  dataOffset: number;
  fileSize: number;
  /** Bytes the tensor table says the data section needs. */
  dataBytes: number;
}

const HINT = "the file is not a usable GGUF model; download it again or remove it from the models folder";
const MAX_STRING = 64 * 1024 * 1024;
const MAX_ITEMS = 16 * 1024 * 1024;

/** Reads forward through a file in chunks; throws a clear error when the file ends early. */
class Cursor {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;
  constructor(private readonly fd: number, readonly size: number, private readonly path: string) {}

  private ensure(n: number) {
    if (this.pos + n > this.size) throw new UserError(`${this.path}: truncated GGUF header (needs ${this.pos + n} bytes, file has ${this.size})`, HINT);
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return;
    const len = Math.min(Math.max(n, 1 << 20), this.size - this.pos);
    this.buf = Buffer.alloc(len);
    readSync(this.fd, this.buf, 0, len, this.pos);
    this.bufStart = this.pos;
  }
  /** Callers must take() before touching this.buf: ensure() may replace it. */
  private take(n: number): number { this.ensure(n); const at = this.pos - this.bufStart; this.pos += n; return at; }
  u8() { const at = this.take(1); return this.buf.readUInt8(at); }
  i8() { const at = this.take(1); return this.buf.readInt8(at); }
  u16() { const at = this.take(2); return this.buf.readUInt16LE(at); }
  i16() { const at = this.take(2); return this.buf.readInt16LE(at); }
  u32() { const at = this.take(4); return this.buf.readUInt32LE(at); }
  i32() { const at = this.take(4); return this.buf.readInt32LE(at); }
  f32() { const at = this.take(4); return this.buf.readFloatLE(at); }
  f64() { const at = this.take(8); return this.buf.readDoubleLE(at); }
  u64(): bigint { const at = this.take(8); return this.buf.readBigUInt64LE(at); }
  i64(): bigint { const at = this.take(8); return this.buf.readBigInt64LE(at); }
  /** A u64 that must be a sane count; corrupt files often carry absurd lengths here. */
  count(what: string, max: number): number {
    const n = this.u64();
    if (n > BigInt(max)) throw new UserError(`${this.path}: corrupt GGUF: ${what} is ${n} at byte ${this.pos - 8}`, HINT);
    return Number(n);
  }
  str(): string {
    const n = this.count("string length", MAX_STRING);
    const at = this.take(n);
    return this.buf.toString("utf8", at, at + n);
  }
}

function readScalar(c: Cursor, type: number): GgufScalar {
  switch (type) {
    case GgufType.UINT8: return c.u8();
    case GgufType.INT8: return c.i8();
    case GgufType.UINT16: return c.u16();
    case GgufType.INT16: return c.i16();
    case GgufType.UINT32: return c.u32();
    case GgufType.INT32: return c.i32();
    case GgufType.FLOAT32: return c.f32();
    case GgufType.FLOAT64: return c.f64();
    case GgufType.BOOL: return c.u8() !== 0;
    case GgufType.STRING: return c.str();
    case GgufType.UINT64: { const v = c.u64(); return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v; }
    case GgufType.INT64: { const v = c.i64(); return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v; }
    default: throw new UserError(`corrupt GGUF: unknown value type ${type} at byte ${c.pos - 4}`, HINT);
  }
}

export function readGguf(path: string): GgufFile {
  let fd: number;
  try { fd = openSync(path, "r"); } catch (cause) {
    throw new UserError(`cannot open model ${path}: ${(cause as Error).message}`, "check the path and its permissions", { cause });
  }
  try {
    const c = new Cursor(fd, fstatSync(fd).size, path);
    if (c.size < 24 || c.u32() !== GGUF_MAGIC) throw new UserError(`${path}: not a GGUF file (bad magic)`, HINT);
    const version = c.u32();
    if (version < 2 || version > 3) throw new UserError(`${path}: unsupported GGUF version ${version}`, "convert the model to GGUF v3");
    const tensorCount = c.count("tensor count", 1_000_000);
    const kvCount = c.count("metadata count", 1_000_000);
    const metadata = new Map<string, GgufValue>();
    for (let i = 0; i < kvCount; i++) {
      const key = c.str();
      const type = c.u32();
      if (type === GgufType.ARRAY) {
        const itemType = c.u32();
        const n = c.count(`length of ${key}`, MAX_ITEMS);
        const items: GgufScalar[] = new Array(n);
        for (let j = 0; j < n; j++) items[j] = readScalar(c, itemType);
        metadata.set(key, items);
      } else {
        metadata.set(key, readScalar(c, type));
      }
    }
    const tensors: GgufTensorInfo[] = [];
    for (let i = 0; i < tensorCount; i++) {
      const name = c.str();
      const nDims = c.u32();
      if (nDims > 4) throw new UserError(`${path}: corrupt GGUF: tensor ${name} has ${nDims} dimensions`, HINT);
      const dims: number[] = [];
      for (let d = 0; d < nDims; d++) dims.push(Number(c.u64()));
      const type = c.u32();
      if (!GGML_TYPES[type]) throw new UserError(`${path}: tensor ${name} has unsupported type ${type}`, "use a llama.cpp-supported quantization");
      tensors.push({ name, dims, type, offset: Number(c.u64()) });
    }
    const alignment = Number(metadata.get("general.alignment") ?? DEFAULT_ALIGNMENT);
    const dataOffset = alignUp(c.pos, alignment);
    const dataBytes = tensors.reduce((end, t) => Math.max(end, t.offset + tensorBytes(t)), 0);
    return { version, metadata, tensors, dataOffset, fileSize: c.size, dataBytes };
  } finally {
    closeSync(fd);
  }
}
