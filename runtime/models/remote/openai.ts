// Client for any OpenAI-compatible chat completions API (OpenAI, vLLM, llama-server, Ollama, …):
// structured output via response_format json_schema, function calling via tools (tool_choice
// "required", or "auto" for a call or a text answer), tool turns as tool_calls / role "tool", SSE streaming.
import { ModelBehaviorError } from "../../errors.ts";
import { costOf, type ChatMessage, type FunctionCall, type Model, type ModelIdentity, type ModelOutput, type ModelRequest, type ModelResult, type StreamEvent } from "../model.ts";
import { callsOutput, parseOutput } from "../output/parse.ts";
import { providerPost, readJson, streamFailure } from "./http.ts";
import { readSse } from "./sse.ts";
import { deadline, type RemoteModelConfig } from "./config.ts";

type WireCall = { id?: string; type?: string; function?: { name?: string; arguments?: string } };
interface Completion {
  choices?: { message?: { content?: string | null; tool_calls?: WireCall[] }; finish_reason?: string }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}
interface Chunk {
  choices?: { delta?: { content?: string | null; tool_calls?: (WireCall & { index?: number })[] } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/** Our messages in OpenAI's shape: calls ride on the assistant turn, each result is a role "tool" turn. */
export function toOpenAiMessages(messages: readonly ChatMessage[]) {
  return messages.map((m) => {
    if (m.role === "tool") return { role: "tool", tool_call_id: m.toolCallId ?? "", content: m.content };
    if (m.role === "assistant" && m.toolCalls?.length) {
      return { role: "assistant", content: m.content || null, tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: JSON.stringify(c.arguments) } })) };
    }
    return { role: m.role, content: m.content };
  });
}

export class OpenAiModel implements Model {
  readonly identity: ModelIdentity;
  constructor(private readonly cfg: RemoteModelConfig) {
    this.identity = { id: cfg.model, tier: "remote", provider: cfg.provider, pricing: cfg.pricing };
  }

  private body(req: ModelRequest, stream: boolean) {
    return {
      model: this.cfg.model,
      messages: toOpenAiMessages(req.messages),
      max_tokens: req.maxTokens ?? 512,
      temperature: req.temperature ?? 0,
      // strict: false — strict mode rejects schemas without additionalProperties:false; we re-validate anyway.
      ...(req.schema ? { response_format: { type: "json_schema", json_schema: { name: "decision", schema: req.schema, strict: false } } } : {}),
      ...(req.functions?.length ? {
        tools: req.functions.map((f) => ({ type: "function", function: { name: f.name, description: f.description ?? "", parameters: f.parameters } })),
        tool_choice: req.toolChoice ?? "required",
      } : {}),
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    };
  }

  private post(req: ModelRequest, stream: boolean) {
    return providerPost({
      provider: this.cfg.provider, url: `${this.cfg.baseUrl.replace(/\/$/, "")}/chat/completions`,
      headers: this.cfg.apiKey ? { authorization: `Bearer ${this.cfg.apiKey}` } : {},
      body: this.body(req, stream), timeoutMs: deadline(req, this.cfg), signal: req.signal,
    });
  }

  private output(content: string, wire: WireCall[], req: ModelRequest): ModelOutput {
    const named = wire.filter((c) => c.function?.name);
    if (req.functions?.length && (named.length || req.toolChoice !== "auto")) {
      if (!named.length) throw new ModelBehaviorError(`${this.cfg.provider} did not call a function`);
      const calls = named.map((c): FunctionCall => {
        let args: Record<string, unknown>;
        try { args = JSON.parse(c.function!.arguments || "{}"); } catch { throw new ModelBehaviorError(`${this.cfg.provider} gave function arguments that are not JSON`); }
        return { ...(c.id ? { id: c.id } : {}), name: c.function!.name!, arguments: args };
      });
      return callsOutput(calls, req);
    }
    return parseOutput(content, { schema: req.schema });
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
    return this.result(this.output(message.content ?? "", message.tool_calls ?? [], req), res.usage, started);
  }

  async *stream(req: ModelRequest): AsyncGenerator<StreamEvent> {
    const started = performance.now();
    const res = await this.post(req, true);
    let content = "";
    const calls: { id?: string; function: { name: string; arguments: string } }[] = [];
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
          const c = (calls[tc.index ?? 0] ??= { function: { name: "", arguments: "" } });
          if (tc.id) c.id = tc.id;
          c.function.name += tc.function?.name ?? "";
          c.function.arguments += tc.function?.arguments ?? "";
        }
      }
    } catch (err) {
      throw streamFailure(this.cfg.provider, err, deadline(req, this.cfg));
    }
    yield { type: "done", result: this.result(this.output(content, calls.filter(Boolean), req), usage, started) };
  }
}
