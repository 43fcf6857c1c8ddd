// A real HTTP server on 127.0.0.1 (port 0) speaking the OpenAI chat completions and Anthropic Messages
// wire formats, non-streaming and SSE. It answers from a script, so tests assert exact results; its
// mode makes it fail the ways real providers do (HTTP 500, garbage, slowness).
import { sseEncode } from "../../../runtime/models/remote/sse.ts";

export type Mode = "ok" | "500" | "garbage" | "slow" | "bad-schema";

export interface Reply { text?: string; object?: unknown; call?: { name: string; arguments: Record<string, unknown> } }

export class FakeProvider {
  mode: Mode = "ok";
  reply: Reply = { text: "remote says hi" };
  slowMs = 2000;
  readonly requests: { path: string; headers: Headers; body: any }[] = [];
  private server?: ReturnType<typeof Bun.serve>;

  get url() { return `http://127.0.0.1:${this.server!.port}`; }

  start() {
    this.server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => this.handle(req) });
    return this;
  }
  stop() { this.server?.stop(true); }

  private async handle(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname;
    const body: any = await req.json().catch(() => ({}));
    this.requests.push({ path, headers: req.headers, body });
    if (this.mode === "500") return new Response("upstream exploded", { status: 500 });
    if (this.mode === "garbage") return new Response("<html>definitely not json", { headers: { "content-type": "application/json" } });
    if (this.mode === "slow") await Bun.sleep(this.slowMs);
    const reply = this.mode === "bad-schema" ? { ...this.reply, object: { unexpected: true } } : this.reply;
    if (path.endsWith("/chat/completions")) return body.stream ? this.openAiStream(body, reply) : Response.json(this.openAi(body, reply));
    if (path.endsWith("/v1/messages")) return body.stream ? this.anthropicStream(body, reply) : Response.json(this.anthropic(body, reply));
    return new Response("not found", { status: 404 });
  }

  private content(body: any, reply: Reply) {
    if (body.tools && reply.call) return { call: reply.call };
    if ((body.response_format || body.tools) && reply.object !== undefined) return { object: reply.object };
    return { text: reply.text ?? "" };
  }

  private openAi(body: any, reply: Reply) {
    const c = this.content(body, reply);
    const message = c.call
      ? { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: c.call.name, arguments: JSON.stringify(c.call.arguments) } }] }
      : { role: "assistant", content: c.object !== undefined ? JSON.stringify(c.object) : c.text };
    return { id: "chatcmpl-1", object: "chat.completion", model: body.model, choices: [{ index: 0, message, finish_reason: "stop" }], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } };
  }

  private openAiStream(body: any, reply: Reply) {
    const c = this.content(body, reply);
    const chunks: string[] = [];
    const chunk = (delta: unknown, usage: unknown = null) => sseEncode({ id: "c", object: "chat.completion.chunk", choices: delta ? [{ index: 0, delta }] : [], usage });
    if (c.call) {
      chunks.push(chunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: c.call.name, arguments: "" } }] }));
      const args = JSON.stringify(c.call.arguments);
      chunks.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, 5) } }] }), chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(5) } }] }));
    } else {
      const text = c.object !== undefined ? JSON.stringify(c.object) : c.text!;
      for (const piece of text.match(/.{1,4}/gs) ?? []) chunks.push(chunk({ content: piece }));
    }
    chunks.push(chunk(null, { prompt_tokens: 11, completion_tokens: 7 }), "data: [DONE]\n\n");
    return sse(chunks);
  }

  private anthropic(body: any, reply: Reply) {
    const c = this.content(body, reply);
    const content = c.call ? [{ type: "tool_use", id: "tu_1", name: c.call.name, input: c.call.arguments }]
      : c.object !== undefined ? [{ type: "tool_use", id: "tu_1", name: "respond", input: c.object }]
      : [{ type: "text", text: c.text }];
    return { id: "msg_1", type: "message", role: "assistant", model: body.model, content, stop_reason: "end_turn", usage: { input_tokens: 13, output_tokens: 5 } };
  }

  private anthropicStream(body: any, reply: Reply) {
    const c = this.content(body, reply);
    const ev = (type: string, data: Record<string, unknown>) => sseEncode({ type, ...data }, type);
    const out = [ev("message_start", { message: { id: "msg_1", usage: { input_tokens: 13, output_tokens: 1 } } })];
    if (c.text !== undefined) {
      out.push(ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }));
      for (const piece of c.text.match(/.{1,4}/gs) ?? []) out.push(ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } }));
    } else {
      const name = c.call?.name ?? "respond";
      const json = JSON.stringify(c.call?.arguments ?? c.object);
      out.push(ev("content_block_start", { index: 0, content_block: { type: "tool_use", id: "tu_1", name, input: {} } }));
      out.push(ev("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: json.slice(0, 3) } }));
      out.push(ev("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: json.slice(3) } }));
    }
    out.push(ev("content_block_stop", { index: 0 }), ev("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 5 } }), ev("message_stop", {}));
    return sse(out);
  }
}

function sse(chunks: string[]) {
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const c of chunks) { controller.enqueue(new TextEncoder().encode(c)); await Bun.sleep(0); }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream" } });
}
