// Generates a tiny but real llama-architecture GGUF v3 model, deterministic per seed. With a `script`,
// attention and feed-forward are zeroed and the output matrix maps each token to its successor, so
// after the ChatML assistant prompt the model emits exactly the scripted pieces, then <|im_end|>.
import { writeFileSync } from "node:fs";
import { prng } from "./prng.ts";
import { buildVocab, byteToken, type Vocab } from "./tiny-vocab.ts";
import { kv, writeGguf, type TensorInput } from "./writer.ts";

export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export interface TinyLlamaOptions {
  seed?: number;
  name?: string;
  /** Pieces the model emits, in order, after the assistant prompt; each becomes one token. */
  script?: string[];
  nEmbd?: number;
  nLayers?: number;
  nHeads?: number;
  nFf?: number;
  contextLength?: number;
  /** Metadata keys to leave out, to make files that llama.cpp rejects or aborts on. */
  omitKeys?: string[];
  /** Replace integer metadata values (e.g. head_count 0) to make files that pass key checks but break llama.cpp. */
  overrideU32?: Record<string, number>;
  /** Adds a tensor llama.cpp does not expect: the file inspects fine, but loading fails ("wrong number of tensors"). */
  extraTensor?: boolean;
}

export function tinyLlama(opts: TinyLlamaOptions = {}): { bytes: Uint8Array; vocab: Vocab } {
  const { seed = 1, nEmbd = 64, nLayers = 2, nHeads = 4, nFf = 128, contextLength = 512 } = opts;
  const script = opts.script ?? [];
  const vocab = buildVocab(script);
  const nVocab = vocab.tokens.length;
  const rnd = prng(seed);
  const random = (n: number, scale: number) => Float32Array.from({ length: n }, () => rnd.gaussian() * scale);
  const ones = (n: number) => new Float32Array(n).fill(1);
  const scripted = script.length > 0;

  const embd = random(nEmbd * nVocab, scripted ? 1 : 0.5);
  const output = scripted ? new Float32Array(nEmbd * nVocab) : random(nEmbd * nVocab, 0.5);
  if (scripted) {
    // The last prompt token is "\n" (byte token); chain "\n" → piece 1 → … → <|im_end|>.
    const imEnd = vocab.ids.get("<|im_end|>")!;
    const chain = [byteToken(0x0a), ...script.map((p) => vocab.ids.get(p.replaceAll(" ", "\u2581"))!), imEnd];
    if (new Set(chain).size !== chain.length) throw new Error("script pieces must be distinct tokens");
    if (chain.length - 1 > nEmbd) throw new Error(`script too long for n_embd ${nEmbd}`);
    for (let k = 0; k < chain.length - 1; k++) {
      const src = chain[k]!, dst = chain[k + 1]!;
      // Orthogonal source embeddings: logits are 8·α for the successor and exactly 0 for every other target.
      embd.fill(0, src * nEmbd, (src + 1) * nEmbd);
      embd[src * nEmbd + k] = Math.sqrt(nEmbd);
      output[dst * nEmbd + k] = 4;
    }
  }
  const tensors: TensorInput[] = [
    { name: "token_embd.weight", dims: [nEmbd, nVocab], data: embd },
    { name: "output_norm.weight", dims: [nEmbd], data: ones(nEmbd) },
    { name: "output.weight", dims: [nEmbd, nVocab], data: output },
  ];
  const zeroOr = (n: number, scale: number) => (scripted ? new Float32Array(n) : random(n, scale));
  for (let l = 0; l < nLayers; l++) {
    const p = `blk.${l}.`;
    tensors.push(
      { name: `${p}attn_norm.weight`, dims: [nEmbd], data: ones(nEmbd) },
      { name: `${p}attn_q.weight`, dims: [nEmbd, nEmbd], data: random(nEmbd * nEmbd, 0.1) },
      { name: `${p}attn_k.weight`, dims: [nEmbd, nEmbd], data: random(nEmbd * nEmbd, 0.1) },
      { name: `${p}attn_v.weight`, dims: [nEmbd, nEmbd], data: random(nEmbd * nEmbd, 0.1) },
      { name: `${p}attn_output.weight`, dims: [nEmbd, nEmbd], data: zeroOr(nEmbd * nEmbd, 0.1) },
      { name: `${p}ffn_norm.weight`, dims: [nEmbd], data: ones(nEmbd) },
      { name: `${p}ffn_gate.weight`, dims: [nEmbd, nFf], data: random(nEmbd * nFf, 0.1) },
      { name: `${p}ffn_up.weight`, dims: [nEmbd, nFf], data: random(nEmbd * nFf, 0.1) },
      { name: `${p}ffn_down.weight`, dims: [nFf, nEmbd], data: zeroOr(nFf * nEmbd, 0.1) },
    );
  }
  if (opts.extraTensor) tensors.push({ name: "aios.unexpected", dims: [64], data: new Float32Array(64) });

  const keys = [
    kv.str("general.architecture", "llama"),
    kv.str("general.name", opts.name ?? `aios-tiny-${seed}`),
    kv.u32("general.file_type", 0),
    kv.u32("llama.context_length", contextLength),
    kv.u32("llama.embedding_length", nEmbd),
    kv.u32("llama.block_count", nLayers),
    kv.u32("llama.feed_forward_length", nFf),
    kv.u32("llama.attention.head_count", nHeads),
    kv.u32("llama.attention.head_count_kv", nHeads),
    kv.u32("llama.rope.dimension_count", nEmbd / nHeads),
    kv.f32("llama.attention.layer_norm_rms_epsilon", 1e-5),
    ...tokenizerKeys(vocab),
  ].filter((k) => !opts.omitKeys?.includes(k.key))
    .map((k) => (opts.overrideU32 && k.key in opts.overrideU32 ? kv.u32(k.key, opts.overrideU32[k.key]!) : k));
  return { bytes: writeGguf(keys, tensors), vocab };
}

export function writeTinyLlama(path: string, opts: TinyLlamaOptions = {}): string {
  writeFileSync(path, tinyLlama(opts).bytes);
  return path;
}

/** The SentencePiece tokenizer and ChatML template keys every generated llama model carries. */
export function tokenizerKeys(vocab: Vocab) {
  return [
    kv.str("tokenizer.ggml.model", "llama"),
    kv.strs("tokenizer.ggml.tokens", vocab.tokens),
    kv.f32s("tokenizer.ggml.scores", vocab.scores),
    kv.i32s("tokenizer.ggml.token_type", vocab.types),
    kv.u32("tokenizer.ggml.bos_token_id", 1),
    kv.u32("tokenizer.ggml.eos_token_id", vocab.ids.get("<|im_end|>")!),
    kv.u32("tokenizer.ggml.unknown_token_id", 0),
    kv.bool("tokenizer.ggml.add_bos_token", true),
    kv.str("tokenizer.chat_template", CHATML_TEMPLATE),
  ];
}
