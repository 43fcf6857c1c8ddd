// The sized random-weight llama generator (bench/models/tinyllama.ts): valid GGUF of any shape,
// Q8_0/F16 tensors, GQA, a padded vocab and zeroed control-token output rows; deterministic per seed.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inspectGguf } from "../../../runtime/model-runtime/gguf/inspect.ts";
import { readGguf } from "../../../runtime/model-runtime/gguf/reader.ts";
import { f16Bits, llamaParams, writeSizedLlama, type LlamaShape } from "../../fixtures/gguf/sized-llama.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-sized-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shape: LlamaShape = { nEmbd: 64, nLayers: 2, nHeads: 4, nHeadsKv: 2, nFf: 160, nVocab: 1024, contextLength: 256 };

describe("sized llama generator", () => {
  it("writes a complete Q8_0 model with GQA and the requested vocab", () => {
    const path = join(dir, "q8.gguf");
    const size = writeSizedLlama(path, { shape, seed: 3 });
    expect(statSync(path).size).toBe(size);
    const f = readGguf(path);
    const facts = inspectGguf(f);
    expect(facts.problems).toEqual([]);
    expect(facts).toMatchObject({ architecture: "llama", quantization: "Q8_0", embeddingLength: 64, blockCount: 2, contextLength: 256, parameterCount: llamaParams(shape) });
    expect(f.metadata.get("llama.attention.head_count_kv")).toBe(2);
    expect((f.metadata.get("tokenizer.ggml.tokens") as string[]).length).toBe(1024);
    expect(f.tensors.find((t) => t.name === "blk.0.attn_k.weight")).toMatchObject({ dims: [64, 32], type: 8 });
    expect(f.tensors.find((t) => t.name === "blk.0.attn_norm.weight")!.type).toBe(0);
    // Control tokens' output rows are zero: every Q8_0 block scale of row 2 (</s>) is 0.
    const out = f.tensors.find((t) => t.name === "output.weight")!;
    const bytes = readFileSync(path);
    const rowBytes = (64 / 32) * 34, at = f.dataOffset + out.offset + 2 * rowBytes;
    expect([bytes.readUInt16LE(at), bytes.readUInt16LE(at + 34)]).toEqual([0, 0]);
    expect(bytes.readUInt16LE(f.dataOffset + out.offset + 500 * rowBytes)).toBe(f16Bits(0.02 / 73.9));
  });

  it("is deterministic per seed and writes F16 too", () => {
    writeSizedLlama(join(dir, "a.gguf"), { shape, seed: 5 });
    writeSizedLlama(join(dir, "b.gguf"), { shape, seed: 5 });
    expect(readFileSync(join(dir, "a.gguf")).equals(readFileSync(join(dir, "b.gguf")))).toBe(true);
    writeSizedLlama(join(dir, "f16.gguf"), { shape, seed: 5, weightType: "F16" });
    const facts = inspectGguf(readGguf(join(dir, "f16.gguf")));
    expect(facts).toMatchObject({ quantization: "F16", problems: [] });
  });

  it("converts floats to half precision", () => {
    expect([f16Bits(1), f16Bits(-2), f16Bits(0.5), f16Bits(65504), f16Bits(1e-7)]).toEqual([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0002]);
  });
});
