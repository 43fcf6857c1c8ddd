// GGUF writer and reader round trip, determinism, and the broken files the reader must name clearly.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../../runtime/errors.ts";
import { inspectGguf } from "../../../runtime/model-runtime/gguf/inspect.ts";
import { readGguf } from "../../../runtime/model-runtime/gguf/reader.ts";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { kv, writeGguf } from "../../fixtures/gguf/writer.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-gguf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, bytes: Uint8Array) => { const p = join(dir, name); writeFileSync(p, bytes); return p; };

describe("GGUF", () => {
  it("round-trips metadata of every kind and tensor layout", () => {
    const bytes = writeGguf(
      [kv.str("general.architecture", "llama"), kv.u32("a.u32", 7), kv.f32("a.f32", 0.5), kv.bool("a.bool", true), kv.strs("a.strs", ["x", "yz"]), kv.i32s("a.i32s", [-1, 2])],
      [{ name: "t0", dims: [3, 2], data: new Float32Array(6) }, { name: "t1", dims: [5], data: new Float32Array(5) }],
    );
    const f = readGguf(put("rt.gguf", bytes));
    expect(f.version).toBe(3);
    expect(f.metadata.get("a.u32")).toBe(7);
    expect(f.metadata.get("a.f32")).toBe(0.5);
    expect(f.metadata.get("a.bool")).toBe(true);
    expect(f.metadata.get("a.strs")).toEqual(["x", "yz"]);
    expect(f.metadata.get("a.i32s")).toEqual([-1, 2]);
    expect(f.tensors.map((t) => [t.name, t.dims, t.offset])).toEqual([["t0", [3, 2], 0], ["t1", [5], 32]]);
    expect(f.dataOffset % 32).toBe(0);
    expect(f.dataOffset + f.dataBytes).toBeLessThanOrEqual(f.fileSize);
  });

  it("generates the same bytes for the same seed, different for another", () => {
    const a = tinyLlama({ seed: 5 }).bytes, b = tinyLlama({ seed: 5 }).bytes, c = tinyLlama({ seed: 6 }).bytes;
    expect(Bun.hash(a)).toBe(Bun.hash(b));
    expect(Bun.hash(a)).not.toBe(Bun.hash(c));
  });

  it("describes a generated model: architecture, parameters, quantization, context, template", () => {
    const facts = inspectGguf(readGguf(put("tiny.gguf", tinyLlama({ seed: 1 }).bytes)));
    expect(facts).toMatchObject({ architecture: "llama", quantization: "F32", contextLength: 512, embeddingLength: 64, blockCount: 2, problems: [] });
    expect(facts.parameterCount).toBeGreaterThan(100_000);
    expect(facts.chatTemplate).toContain("add_generation_prompt");
  });

  it("names missing mandatory keys and truncation", () => {
    const missing = inspectGguf(readGguf(put("nokeys.gguf", tinyLlama({ omitKeys: ["llama.attention.head_count", "tokenizer.ggml.tokens"] }).bytes)));
    expect(missing.problems).toEqual(["missing metadata key llama.attention.head_count", "missing metadata key tokenizer.ggml.tokens"]);
    const full = tinyLlama().bytes;
    const cut = inspectGguf(readGguf(put("cut.gguf", full.slice(0, full.length - 1000))));
    expect(cut.problems.join()).toMatch(/truncated: tensor data needs \d+ bytes, file has \d+/);
  });

  it("refuses files that are not GGUF or whose header is cut or absurd, with a hint", () => {
    expect(() => readGguf(put("text.gguf", new TextEncoder().encode("hello, this is plainly not a model")))).toThrow(/bad magic/);
    const full = tinyLlama().bytes;
    const err = (() => { try { readGguf(put("head.gguf", full.slice(0, 100))); } catch (e) { return e as UserError; } })();
    expect(err).toBeInstanceOf(UserError);
    expect(err!.message).toMatch(/truncated GGUF header/);
    expect(err!.hint).toMatch(/download it again/);
    const absurd = new Uint8Array(full.slice(0, 64));
    new DataView(absurd.buffer).setBigUint64(16, 1n << 60n, true); // metadata count
    expect(() => readGguf(put("absurd.gguf", absurd))).toThrow(/corrupt GGUF: metadata count/);
    expect(() => readGguf(join(dir, "missing.gguf"))).toThrow(/cannot open model/);
  });
});
