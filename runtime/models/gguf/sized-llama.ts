// Generates a llama-architecture GGUF v3 of any shape with random weights, streamed to disk: for
// benchmarks on real-sized models (TinyLlama's 1.1B shape is ~1.2 GB in Q8_0) without committing or
// downloading one. Weight matrices are Q8_0 (or F16), norms F32; deterministic per seed. The output
// rows of control tokens (<unk>, <s>, </s>, ChatML markers) are zero, so greedy decoding never picks
// them and a generation runs to its token limit. The text it writes is noise.
import { closeSync, openSync, writeSync } from "node:fs";
import { tokenizerKeys } from "./tiny-llama.ts";
import { buildVocab, SPACE, TOKEN_TYPE } from "./tiny-vocab.ts";
import { alignUp, DEFAULT_ALIGNMENT, GGML_TYPES, tensorBytes } from "./types.ts";
import { ggufHeader, kv, type TensorHeader } from "./writer.ts";

export interface LlamaShape {
  nEmbd: number;
  nLayers: number;
  nHeads: number;
  /** Grouped-query attention: key/value heads (≤ nHeads, divides it). */
  nHeadsKv: number;
  nFf: number;
  nVocab: number;
  contextLength: number;
}

/** TinyLlama-1.1B's shape (llama, GQA 32/4, SPM vocab of 32000). */
export const TINYLLAMA_SHAPE: LlamaShape = {
  nEmbd: 2048, nLayers: 22, nHeads: 32, nHeadsKv: 4, nFf: 5632, nVocab: 32000, contextLength: 2048,
};

export type WeightType = "Q8_0" | "F16";
const TYPE_ID: Record<WeightType, number> = { Q8_0: 8, F16: 1 };
const FILE_TYPE: Record<WeightType, number> = { Q8_0: 7, F16: 1 };

export interface SizedLlamaOptions {
  shape?: Partial<LlamaShape>;
  weightType?: WeightType;
  seed?: number;
  name?: string;
}

/** float → IEEE half bits (round to nearest; enough for weight scales, no NaN/Inf inputs). */
export function f16Bits(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0) return sign | Math.round((mant | 0x800000) / 2 ** (14 - exp)) ; // subnormal
  if (exp >= 31) return sign | 0x7c00;
  const h = sign | (exp << 10) | (mant >>> 13);
  return (mant & 0x1000) ? h + 1 : h;
}

/** Parameter count of a shape, as GGUF tensors count it. */
export function llamaParams(s: LlamaShape): number {
  const kvDim = (s.nEmbd / s.nHeads) * s.nHeadsKv;
  const layer = 2 * s.nEmbd + 2 * s.nEmbd * s.nEmbd + 2 * s.nEmbd * kvDim + 3 * s.nEmbd * s.nFf;
  return 2 * s.nEmbd * s.nVocab + s.nEmbd + s.nLayers * layer;
}

/** Writes the model to `path` and returns its size in bytes. */
export function writeSizedLlama(path: string, opts: SizedLlamaOptions = {}): number {
  const s: LlamaShape = { ...TINYLLAMA_SHAPE, ...opts.shape };
  const weightType = opts.weightType ?? "Q8_0";
  const seed = opts.seed ?? 1;
  const headDim = s.nEmbd / s.nHeads;
  if (!Number.isInteger(headDim) || s.nHeads % s.nHeadsKv) throw new Error("n_embd must divide by n_heads, n_heads by n_heads_kv");
  const kvDim = headDim * s.nHeadsKv;
  if (weightType === "Q8_0" && (s.nEmbd % 32 || s.nFf % 32)) throw new Error("Q8_0 rows need n_embd and n_ff divisible by 32");

  const vocab = buildVocab();
  const special: number[] = [];
  vocab.types.forEach((t, id) => { if (t === TOKEN_TYPE.CONTROL || t === TOKEN_TYPE.UNKNOWN) special.push(id); });
  if (vocab.tokens.length > s.nVocab) throw new Error(`n_vocab must be at least ${vocab.tokens.length}`);
  for (let i = 0; vocab.tokens.length < s.nVocab; i++) {
    const piece = `${SPACE}w${i.toString(36)}`;
    if (vocab.ids.has(piece)) continue;
    vocab.ids.set(piece, vocab.tokens.length);
    vocab.tokens.push(piece); vocab.scores.push(-20_000); vocab.types.push(TOKEN_TYPE.NORMAL);
  }

  const wt = TYPE_ID[weightType];
  type Spec = TensorHeader & { fill: "ones" | "random"; zeroRows?: number[] };
  const tensor = (name: string, dims: number[], fill: Spec["fill"] = "random", zeroRows?: number[]): Spec => {
    const type = fill === "ones" ? 0 : wt;
    return { name, dims, type, byteLength: tensorBytes({ dims, type }), fill, zeroRows };
  };
  const specs: Spec[] = [
    tensor("token_embd.weight", [s.nEmbd, s.nVocab]),
    tensor("output_norm.weight", [s.nEmbd], "ones"),
    tensor("output.weight", [s.nEmbd, s.nVocab], "random", special),
  ];
  for (let l = 0; l < s.nLayers; l++) {
    const p = `blk.${l}.`;
    specs.push(
      tensor(`${p}attn_norm.weight`, [s.nEmbd], "ones"),
      tensor(`${p}attn_q.weight`, [s.nEmbd, s.nEmbd]),
      tensor(`${p}attn_k.weight`, [s.nEmbd, kvDim]),
      tensor(`${p}attn_v.weight`, [s.nEmbd, kvDim]),
      tensor(`${p}attn_output.weight`, [s.nEmbd, s.nEmbd]),
      tensor(`${p}ffn_norm.weight`, [s.nEmbd], "ones"),
      tensor(`${p}ffn_gate.weight`, [s.nEmbd, s.nFf]),
      tensor(`${p}ffn_up.weight`, [s.nEmbd, s.nFf]),
      tensor(`${p}ffn_down.weight`, [s.nFf, s.nEmbd]),
    );
  }

  const keys = [
    kv.str("general.architecture", "llama"),
    kv.str("general.name", opts.name ?? `aios-random-${s.nLayers}x${s.nEmbd}-${seed}`),
    kv.u32("general.file_type", FILE_TYPE[weightType]),
    kv.u32("llama.context_length", s.contextLength),
    kv.u32("llama.embedding_length", s.nEmbd),
    kv.u32("llama.block_count", s.nLayers),
    kv.u32("llama.feed_forward_length", s.nFf),
    kv.u32("llama.attention.head_count", s.nHeads),
    kv.u32("llama.attention.head_count_kv", s.nHeadsKv),
    kv.u32("llama.rope.dimension_count", headDim),
    kv.f32("llama.rope.freq_base", 10_000),
    kv.f32("llama.attention.layer_norm_rms_epsilon", 1e-5),
    ...tokenizerKeys(vocab),
  ];
  const { header } = ggufHeader(keys, specs);

  const fd = openSync(path, "w");
  let written = 0;
  const put = (b: Uint8Array) => { let at = 0; while (at < b.length) at += writeSync(fd, b, at); written += b.length; };
  try {
    put(header);
    specs.forEach((spec, i) => {
      writeTensor(spec, seed * 1_000_003 + i, put);
      const pad = alignUp(spec.byteLength, DEFAULT_ALIGNMENT) - spec.byteLength;
      if (pad) put(new Uint8Array(pad));
    });
  } finally {
    closeSync(fd);
  }
  return written;
}

/** Weights with standard deviation ~0.02 (a usual init): activations stay finite through any depth. */
const STD = 0.02;

function writeTensor(spec: { dims: number[]; type: number; byteLength: number; fill: string; zeroRows?: number[] }, seed: number, put: (b: Uint8Array) => void) {
  if (spec.fill === "ones") return put(new Uint8Array(new Float32Array(spec.dims[0]!).fill(1).buffer));
  const rowElems = spec.dims[0]!;
  const info = GGML_TYPES[spec.type]!;
  const rowBytes = (rowElems / info.blockSize) * info.blockBytes;
  const zero = new Set(spec.zeroRows ?? []);
  // Chunks of whole rows, sized to a multiple of 4 bytes for the Uint32 view.
  const rowsPerChunk = 4 * Math.max(1, Math.floor((1 << 20) / rowBytes));
  const buf = new Uint8Array(rowsPerChunk * rowBytes);
  const words = new Uint32Array(buf.buffer);
  const view = new DataView(buf.buffer);
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  // F16: random indices into a table of Gaussian-shaped halves (finite by construction).
  const table = new Uint16Array(4096);
  for (let i = 0; i < table.length; i++) {
    const u = (i + 0.5) / table.length; // inverse-CDF-ish: a logistic stand-in for the normal quantile
    table[i] = f16Bits(STD * 0.5513 * Math.log(u / (1 - u)));
  }
  const scale = f16Bits(STD / 73.9); // uniform int8 has std ~73.9
  const rows = spec.dims.slice(1).reduce((a, b) => a * b, 1);
  for (let row0 = 0; row0 < rows; row0 += rowsPerChunk) {
    const n = Math.min(rowsPerChunk, rows - row0);
    const nWords = Math.ceil((n * rowBytes) / 4);
    for (let w = 0; w < nWords; w++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      words[w] = x >>> 0;
    }
    if (spec.type === 8) { // Q8_0: {f16 d; int8 qs[32]}
      for (let r = 0; r < n; r++) {
        const d = zero.has(row0 + r) ? 0 : scale;
        for (let b = r * rowBytes, end = b + rowBytes; b < end; b += info.blockBytes) view.setUint16(b, d, true);
      }
    } else { // F16
      for (let r = 0; r < n; r++) {
        const z = zero.has(row0 + r);
        for (let e = r * rowElems, end = e + rowElems; e < end; e++) view.setUint16(e * 2, z ? 0 : table[view.getUint16(e * 2, true) & 4095]!, true);
      }
    }
    put(buf.subarray(0, n * rowBytes));
  }
}
