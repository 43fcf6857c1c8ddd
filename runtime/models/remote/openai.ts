// Client for any OpenAI-compatible chat completions API (OpenAI, vLLM, llama-server, Ollama, …):
// structured output via response_format json_schema, function calling via tools, SSE streaming.
import { ModelBehaviorError } from "../../errors.ts";
import { costOf, type FunctionCall, type Model, type ModelIdentity, type ModelOutput, type ModelRequest, type ModelResult, type StreamEvent } from "../model.ts";
import { checkCall, parseOutput } from "../output/parse.ts";
import { providerPost, readJson, streamFailure } from "./http.ts";
import { readSse } from "./sse.ts";
import type { RemoteModelConfig } from "./config.ts";

interface Completion {
  choices?: { message?: { content?: string | null; tool_calls?: { function?: { name?: string; arguments?: string } }[] }; finish_reason?: string }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}
interface Chunk {
  choices?: { delta?: { content?: string | null; tool_calls?: { index?: number; function?: { name?: string; arguments?: string } }[] } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

export class OpenAiModel implements Model {
  readonly identity: ModelIdentity;
  constructor(private readonly cfg: RemoteModelConfig) {
    this.identity = { id: cfg.model, tier: "remote", provider: cfg.provider, pricing: cfg.pricing };
  }

  private body(req: ModelRequest, stream: boolean) {
    return {
      model: this.cfg.model,
      messages: req.messages.map((m) => ({ role: m.role === "tool" ? "user" : m.role, content: m.content })),
      max_tokens: req.maxTokens ?? 512,
      temperature: req.temperature ?? 0,
      // strict: false — strict mode rejects schemas without additionalProperties:false; we re-validate anyway.
      ...(req.schema ? { response_format: { type: "json_schema", json_schema: { name: "decision", schema: req.schema, strict: false } } } : {}),
      ...(req.functions?.length ? {
        tools: req.functions.map((f) => ({ type: "function", function: { name: f.name, description: f.description ?? "", parameters: f.parameters } })),
        tool_choice: "required",
      } : {}),
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    };
  }

  private post(req: ModelRequest, stream: boolean) {
    return providerPost({
      provider: this.cfg.provider, url: `${this.cfg.baseUrl.replace(/\/$/, "")}/chat/completions`,
      headers: this.cfg.apiKey ? { authorization: `Bearer ${this.cfg.apiKey}` } : {},
      body: this.body(req, stream), timeoutMs: req.timeoutMs ?? this.cfg.timeoutMs, signal: req.signal,
    });
  }

  private output(content: string, call: { name?: string; arguments?: string } | undefined, req: ModelRequest): ModelOutput {
    if (req.functions?.length) {
      if (!call?.name) throw new ModelBehaviorError(`${this.cfg.provider} did not call a function`);
      let args: Record<string, unknown>;
      try { args = JSON.parse(call.arguments || "{}"); } catch { throw new ModelBehaviorError(`${this.cfg.provider} gave function arguments that are not JSON`); }
      const checked: FunctionCall = checkCall({ name: call.name, arguments: args }, req);
      return { kind: "function", content: JSON.stringify(checked), call: checked };
    }
    return parseOutput(content, req);
  }

  private result(output: ModelOutput, usage: Completion["usage"], started: number): ModelResult {
    const tokens = { input: usage?.prompt_tokens ?? 0, output: usage?.completion_tokens ?? 0 };
    return { output, tokens, latencyMs: performance.now() - started, costUsd: costOf(tokens, this.cfg.pricing), model: this.identity };
  }

  async generate(req: ModelRequest): Promise<ModelResult> {
    const started = performance.now();
    const res = await readJson<Completion>(await this.post(req, false), this.cfg.provider);
    const message = res?.choices?.[0]?.message;
    if (!message) throw new ModelBehaviorError(`${this.cfg.provider} answered without choices[0].message`);
    return this.result(this.output(message.content ?? "", message.tool_calls?.[0]?.function, req), res.usage, started);
  }

  async *stream(req: ModelRequest): AsyncGenerator<StreamEvent> {
    const started = performance.now();
    const res = await this.post(req, true);
    let content = "";
    const call = { name: "", arguments: "" };
    let usage: Completion["usage"];
    try {
      for await (const msg of readSse(res.body!)) {
        if (msg.data === "[DONE]") break;
        let chunk: Chunk;
        try { chunk = JSON.parse(msg.data); } catch { throw new ModelBehaviorError(`${this.cfg.provider} streamed a chunk that is not JSON`); }
        if (chunk.usage) usage = chunk.usage;
        const delta = chunk.choices?.[0]?.delta;
        if (delta?.content) { content += delta.content; yield { type: "text", text: delta.content }; }
        for (const tc of delta?.tool_calls ?? []) {
          call.name += tc.function?.name ?? "";
          call.arguments += tc.function?.arguments ?? "";
        }
      }
    } catch (err) {
      throw streamFailure(this.cfg.provider, err, req.timeoutMs ?? this.cfg.timeoutMs);
    }
    yield { type: "done", result: this.result(this.output(content, call.name ? call : undefined, req), usage, started) };
  }
}
