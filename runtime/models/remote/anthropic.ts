// Client for the Anthropic Messages API. Structured output uses a forced "respond" tool whose input
// schema is the decision schema; function calls use tool_choice "any" ("auto" when a text answer is
// allowed); tool turns become tool_use / tool_result content blocks. Streams SSE events.
import { ModelBehaviorError } from "../../errors.ts";
import { ProviderError } from "../errors.ts";
import { costOf, type ChatMessage, type Model, type ModelIdentity, type ModelOutput, type ModelRequest, type ModelResult, type StreamEvent } from "../model.ts";
import { callsOutput, parseOutput } from "../output/parse.ts";
import { validate } from "../../schema/validate.ts";
import { deadline, type RemoteModelConfig } from "./config.ts";
import { providerPost, readJson, streamFailure } from "./http.ts";
import { readSse } from "./sse.ts";

const RESPOND = "respond";
type Block = { type: "text"; text: string } | { type: "tool_use"; id?: string; name: string; input: unknown };
interface Message { content?: Block[]; usage?: { input_tokens?: number; output_tokens?: number }; stop_reason?: string }

/**
 * Our messages in Anthropic's shape: an assistant turn's calls are tool_use blocks; tool results are
 * tool_result blocks in a user turn (consecutive results share one turn, as the API requires).
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]) {
  const out: { role: "user" | "assistant"; content: string | Record<string, unknown>[] }[] = [];
  for (const m of messages) {
    if (m.role === "system") continue;
    if (m.role === "tool") {
      const block = { type: "tool_result", tool_use_id: m.toolCallId ?? "", content: m.content };
      const last = out.at(-1);
      if (last?.role === "user" && Array.isArray(last.content) && last.content.every((b) => b.type === "tool_result")) last.content.push(block);
      else out.push({ role: "user", content: [block] });
    } else if (m.role === "assistant" && m.toolCalls?.length) {
      out.push({ role: "assistant", content: [...(m.content ? [{ type: "text", text: m.content }] : []), ...m.toolCalls.map((c) => ({ type: "tool_use", id: c.id, name: c.name, input: c.arguments }))] });
    } else out.push({ role: m.role === "assistant" ? "assistant" : "user", content: m.content });
  }
  return out;
}

export class AnthropicModel implements Model {
  readonly identity: ModelIdentity;
  constructor(private readonly cfg: RemoteModelConfig) {
    this.identity = { id: cfg.model, tier: "remote", provider: cfg.provider, pricing: cfg.pricing };
  }

  private body(req: ModelRequest, stream: boolean) {
    const system = req.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n");
    const tools = req.functions?.length
      ? req.functions.map((f) => ({ name: f.name, description: f.description ?? "", input_schema: f.parameters }))
      : req.schema ? [{ name: RESPOND, description: "Give the answer in this structure.", input_schema: req.schema }] : undefined;
    return {
      model: this.cfg.model,
      max_tokens: req.maxTokens ?? 512,
      temperature: req.temperature ?? 0,
      ...(system ? { system } : {}),
      messages: toAnthropicMessages(req.messages),
      ...(tools ? { tools, tool_choice: req.functions?.length ? { type: req.toolChoice === "auto" ? "auto" : "any" } : { type: "tool", name: RESPOND } } : {}),
      ...(stream ? { stream: true } : {}),
    };
  }

  private post(req: ModelRequest, stream: boolean) {
    return providerPost({
      provider: this.cfg.provider, url: `${this.cfg.baseUrl.replace(/\/$/, "")}/v1/messages`,
      headers: { "anthropic-version": "2023-06-01", ...(this.cfg.apiKey ? { "x-api-key": this.cfg.apiKey } : {}) },
      body: this.body(req, stream), timeoutMs: deadline(req, this.cfg), signal: req.signal,
    });
  }

  private output(blocks: Block[], req: ModelRequest): ModelOutput {
    const uses = blocks.filter((b): b is Extract<Block, { type: "tool_use" }> => b?.type === "tool_use");
    const tool = uses[0];
    if (req.functions?.length && (tool || req.toolChoice !== "auto")) {
      if (!tool) throw new ModelBehaviorError(`${this.cfg.provider} did not call a function`);
      return callsOutput(uses.map((u) => ({ ...(u.id ? { id: u.id } : {}), name: u.name, arguments: u.input as Record<string, unknown> })), req);
    }
    if (req.schema) {
      if (!tool) return parseOutput(blocks.filter((b) => b?.type === "text").map((b) => (b as { text: string }).text).join(""), req);
      const problems = validate(req.schema, tool.input);
      if (problems.length) throw new ModelBehaviorError(`${this.cfg.provider} output does not match the schema: ${problems.slice(0, 3).join("; ")}`);
      return { kind: "object", content: JSON.stringify(tool.input), object: tool.input };
    }
    return { kind: "text", content: blocks.filter((b) => b?.type === "text").map((b) => (b as { text: string }).text).join("") };
  }

  private result(output: ModelOutput, usage: Message["usage"], started: number): ModelResult {
    const tokens = { input: usage?.input_tokens ?? 0, output: usage?.output_tokens ?? 0 };
    return { output, tokens, latencyMs: performance.now() - started, costUsd: costOf(tokens, this.cfg.pricing), model: this.identity };
  }

  async generate(req: ModelRequest): Promise<ModelResult> {
    const started = performance.now();
    const msg = await readJson<Message>(await this.post(req, false), this.cfg.provider);
    if (!Array.isArray(msg?.content)) throw new ModelBehaviorError(`${this.cfg.provider} answered without a content array`);
    return this.result(this.output(msg.content, req), msg.usage, started);
  }

  async *stream(req: ModelRequest): AsyncGenerator<StreamEvent> {
    const started = performance.now();
    const res = await this.post(req, true);
    const blocks: (Block & { json?: string })[] = [];
    const usage = { input_tokens: 0, output_tokens: 0 };
    try {
      for await (const sse of readSse(res.body!)) {
        let ev: Record<string, any>;
        try { ev = JSON.parse(sse.data); } catch { throw new ModelBehaviorError(`${this.cfg.provider} streamed an event that is not JSON`); }
        switch (ev.type) {
          case "message_start": usage.input_tokens = ev.message?.usage?.input_tokens ?? 0; break;
          case "content_block_start": blocks[ev.index] = ev.content_block?.type === "tool_use" ? { type: "tool_use", id: ev.content_block.id, name: ev.content_block.name, input: {}, json: "" } : { type: "text", text: "" }; break;
          case "content_block_delta": {
            const b = blocks[ev.index];
            if (ev.delta?.type === "text_delta" && b?.type === "text") { b.text += ev.delta.text; yield { type: "text", text: ev.delta.text }; }
            if (ev.delta?.type === "input_json_delta" && b) b.json = (b.json ?? "") + ev.delta.partial_json;
            break;
          }
          case "message_delta": usage.output_tokens = ev.usage?.output_tokens ?? usage.output_tokens; break;
          case "error": throw new ProviderError(`${this.cfg.provider} stream error: ${ev.error?.message ?? sse.data}`);
        }
      }
    } catch (err) {
      throw streamFailure(this.cfg.provider, err, deadline(req, this.cfg));
    }
    for (const b of blocks) {
      if (b?.type !== "tool_use") continue;
      try { b.input = JSON.parse(b.json || "{}"); } catch { throw new ModelBehaviorError(`${this.cfg.provider} streamed tool input that is not JSON`); }
    }
    yield { type: "done", result: this.result(this.output(blocks, req), usage, started) };
  }
}
