// Owns llama.cpp inside the model runtime process: loads models on demand within the memory budget,
// unloads idle ones, runs chat (grammar-constrained for schemas and function calls) and embeddings.
import type { Llama, LlamaChat, LlamaContext, LlamaEmbeddingContext, LlamaGrammar, LlamaModel } from "node-llama-cpp";
import { errorMessage, NotFoundError, TimeoutError, UserError } from "../errors.ts";
import { ModelUnavailableError } from "../models/errors.ts";
import { canonicalJson } from "../models/hash.ts";
import { describeFunctions, functionCallSchema, grammarFunctions } from "../models/schema/function-call.ts";
import { toGrammarSchema } from "../models/schema/grammar-schema.ts";
import type { Catalog, CatalogEntry } from "./catalog.ts";
import type { RuntimeConfig } from "./config.ts";
import { toHistory } from "./history.ts";
import type { ChatCall, ChatReply, EmbedCall, EmbedReply } from "./protocol.ts";

type LlamaCpp = typeof import("node-llama-cpp");
let llamaCpp: Promise<LlamaCpp> | undefined;

/**
 * node-llama-cpp is imported on first use, never at module load: the compiled aios binary bundles
 * this module (for its model-runtime role) with node-llama-cpp external, and a static import of an
 * external is evaluated when the binary starts — every role, PID 1 included, would die without it.
 */
function loadLlamaCpp(): Promise<LlamaCpp> {
  llamaCpp ??= import("node-llama-cpp").catch((cause) => {
    llamaCpp = undefined;
    throw new ModelUnavailableError(`node-llama-cpp cannot be loaded: ${errorMessage(cause)}`,
      "the image runs the runtime as `BUN_BE_BUN=1 aios /usr/lib/aios/model-runtime.js`, beside /usr/lib/aios/node_modules");
  });
  return llamaCpp;
}

interface Loaded {
  entry: CatalogEntry;
  model: LlamaModel;
  context: LlamaContext;
  chat: LlamaChat;
  embedding?: LlamaEmbeddingContext;
  lastUsed: number;
  /** Jobs using it right now; the idle sweep runs outside the queue and must skip these. */
  active: number;
}


export class Engine {
  private llama?: Promise<Llama>;
  private cpp?: LlamaCpp;
  private loaded = new Map<string, Loaded>();
  private grammars = new Map<string, LlamaGrammar>();
  private idleTimer?: ReturnType<typeof setInterval>;

  /**
   * @param testChildEnv set only while node-llama-cpp tests its native binary in a child of
   * process.execPath: in the image that is the compiled aios binary, which must act as bun there
   * (BUN_BE_BUN), while the runtime itself keeps the variable out of its environment otherwise.
   */
  constructor(private readonly cfg: RuntimeConfig, private readonly catalog: Catalog, private readonly testChildEnv: Record<string, string> = {}) {
    if (cfg.idleUnloadMs > 0) {
      this.idleTimer = setInterval(() => void this.unloadIdle(), Math.min(cfg.idleUnloadMs, 30_000));
      this.idleTimer.unref?.();
    }
  }

  isLoaded(id: string) { return this.loaded.has(id); }

  private getLlama(): Promise<Llama> {
    if (!this.llama) {
      this.llama = loadLlamaCpp().then(async (cpp) => {
        this.cpp = cpp;
        const saved = Object.keys(this.testChildEnv).map((k) => [k, process.env[k]] as const);
        Object.assign(process.env, this.testChildEnv);
        try {
          return await cpp.getLlama({ build: "never", gpu: false, maxThreads: this.cfg.threads, logLevel: cpp.LlamaLogLevel.error, logger: () => {} });
        } finally {
          for (const [k, v] of saved) if (v === undefined) delete process.env[k]; else process.env[k] = v;
        }
      });
      this.llama.catch(() => { this.llama = undefined; }); // the next request tries again
    }
    return this.llama;
  }

  private async ensureLoaded(id: string): Promise<Loaded> {
    const ready = this.loaded.get(id);
    if (ready) { ready.lastUsed = Date.now(); return ready; }
    const entry = this.catalog.get(id);
    if (!entry) throw new NotFoundError(`no model ${id} in ${this.cfg.modelsDir}`, "GET /models lists the models the runtime knows");
    if (entry.status === "quarantined") throw new ModelUnavailableError(`model ${id} is quarantined: ${entry.reason}`, "replace or remove the file; a new file clears the quarantine");
    await this.makeRoom(entry.memoryBytes);
    const llama = await this.getLlama();
    this.catalog.quarantine.markBusy("load", entry.path);
    try {
      const model = await llama.loadModel({ modelPath: entry.path });
      const chatWrapper = this.cpp!.resolveChatWrapper(model); // once per model: "auto" per session costs ~350 ms
      const context = await model.createContext({ contextSize: Math.min(this.cfg.contextSize, entry.facts?.contextLength || this.cfg.contextSize), threads: this.cfg.threads });
      const chat = new this.cpp!.LlamaChat({ contextSequence: context.getSequence(), chatWrapper });
      const loaded: Loaded = { entry, model, context, chat, lastUsed: Date.now(), active: 0 };
      this.loaded.set(id, loaded);
      this.catalog.setStatus(id, "loaded");
      return loaded;
    } catch (err) {
      const reason = `llama.cpp could not load it: ${errorMessage(err)}`;
      this.catalog.setStatus(id, "quarantined", reason);
      throw new ModelUnavailableError(`model ${id} is quarantined: ${reason}`);
    } finally {
      this.catalog.quarantine.clearBusy();
    }
  }

  /** Unloads least-recently-used models until `bytes` more fit in the profile's budget. */
  private async makeRoom(bytes: number) {
    const used = () => [...this.loaded.values()].reduce((s, l) => s + l.entry.memoryBytes, 0);
    const byAge = [...this.loaded.values()].sort((a, b) => a.lastUsed - b.lastUsed);
    while (used() + bytes > this.cfg.memoryBudgetBytes && byAge.length) await this.unload(byAge.shift()!.entry.id);
  }

  async unload(id: string) {
    const l = this.loaded.get(id);
    if (!l) return;
    this.loaded.delete(id);
    await l.embedding?.dispose();
    await l.chat.dispose();
    await l.context.dispose();
    await l.model.dispose();
    if (this.catalog.get(id)?.status === "loaded") this.catalog.setStatus(id, "available");
  }

  async unloadIdle(now = Date.now()) {
    for (const l of [...this.loaded.values()]) if (l.active === 0 && now - l.lastUsed >= this.cfg.idleUnloadMs) await this.unload(l.entry.id);
  }

  private async grammarFor(call: ChatCall): Promise<LlamaGrammar | undefined> {
    const raw = call.functions?.length ? functionCallSchema(grammarFunctions(call)) : call.schema;
    if (!raw) return undefined;
    const schema = toGrammarSchema(raw);
    const key = canonicalJson(schema);
    let g = this.grammars.get(key);
    if (!g) {
      // node-llama-cpp's schema type is narrower than JSON Schema; our subset maps onto it.
      try {
        g = await (await this.getLlama()).createGrammarForJsonSchema(schema as never);
      } catch (err) {
        throw new UserError(`the JSON schema cannot be turned into a grammar: ${errorMessage(err)}`, "use object/array/string/number/boolean, enum, const and oneOf");
      }
      this.grammars.set(key, g);
    }
    return g;
  }

  async chat(call: ChatCall, onText?: (text: string) => void, signal?: AbortSignal): Promise<ChatReply> {
    const started = performance.now();
    const l = await this.ensureLoaded(call.model);
    const grammar = await this.grammarFor(call);
    const messages = call.functions?.length ? [{ role: "system" as const, content: describeFunctions(call.functions, call.toolChoice === "auto") }, ...call.messages] : call.messages;
    const meter = l.chat.sequence.tokenMeter;
    const before = { input: meter.usedInputTokens, output: meter.usedOutputTokens };
    const timeout = call.timeoutMs ? AbortSignal.timeout(call.timeoutMs) : undefined;
    const abort = timeout && signal ? AbortSignal.any([timeout, signal]) : timeout ?? signal;
    this.catalog.quarantine.markBusy("run", l.entry.path);
    l.active++;
    try {
      const res = await l.chat.generateResponse(toHistory(messages), {
        grammar, maxTokens: call.maxTokens ?? 256, temperature: call.temperature ?? 0, signal: abort, onTextChunk: onText,
      });
      l.lastUsed = Date.now();
      return {
        text: res.response, model: call.model, sha256: l.entry.sha256, stopReason: res.metadata.stopReason,
        inputTokens: meter.usedInputTokens - before.input, outputTokens: meter.usedOutputTokens - before.output,
        ms: performance.now() - started,
      };
    } catch (err) {
      if (abort?.aborted) throw new TimeoutError(`model ${call.model} did not answer within ${call.timeoutMs ?? "the caller's"} ms`);
      throw err;
    } finally {
      l.active--;
      this.catalog.quarantine.clearBusy();
    }
  }

  async embed(call: EmbedCall): Promise<EmbedReply> {
    const l = await this.ensureLoaded(call.model);
    const contextSize = Math.min(this.cfg.contextSize, 512);
    l.embedding ??= await l.model.createEmbeddingContext({ contextSize, threads: this.cfg.threads });
    const vectors: number[][] = [];
    let tokens = 0;
    this.catalog.quarantine.markBusy("run", l.entry.path);
    l.active++;
    try {
      for (const [i, text] of call.input.entries()) {
        const n = l.model.tokenize(text).length;
        tokens += n;
        try {
          vectors.push([...(await l.embedding.getEmbeddingFor(text)).vector]);
        } catch (err) {
          // The caller's input, not the runtime, is at fault (a 400, not a 503).
          if (/longer than the usable context size/i.test(errorMessage(err))) throw new UserError(`input ${i + 1} is ${n} tokens, longer than ${call.model}'s embedding context (${contextSize} tokens)`, "split the text into shorter pieces", { cause: err });
          throw err;
        }
      }
    } finally {
      l.active--;
      this.catalog.quarantine.clearBusy();
    }
    l.lastUsed = Date.now();
    return { model: call.model, vectors, tokens };
  }

  async dispose() {
    if (this.idleTimer) clearInterval(this.idleTimer);
    for (const id of [...this.loaded.keys()]) await this.unload(id);
    const llama = await this.llama?.catch(() => undefined);
    await llama?.dispose();
  }
}
