// Shapes results as OpenAI chat completion bodies and SSE chunk streams.
import { toWire } from "../errors.ts";
import type { ModelResult, StreamEvent } from "../model.ts";
import type { ChatCompletionBody } from "./openai-request.ts";

const id = () => `chatcmpl-${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
const now = () => Math.floor(Date.now() / 1000);
const usage = (r: ModelResult) => ({ prompt_tokens: r.tokens.input, completion_tokens: r.tokens.output, total_tokens: r.tokens.input + r.tokens.output });

function message(r: ModelResult) {
  const o = r.output;
  if (o.kind === "function") {
    const tool_calls = (o.calls ?? [o.call]).map((c) => ({ id: c.id ?? `call_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`, type: "function", function: { name: c.name, arguments: JSON.stringify(c.arguments) } }));
    return { message: { role: "assistant", content: null, tool_calls }, finish_reason: "tool_calls" };
  }
  return { message: { role: "assistant", content: o.kind === "unknown" ? "" : o.content }, finish_reason: "stop" };
}

export function completionBody(body: ChatCompletionBody, r: ModelResult) {
  return { id: id(), object: "chat.completion", created: now(), model: body.model, choices: [{ index: 0, ...message(r) }], usage: usage(r) };
}

/**
 * Waits for the first event before the response starts, so a request that fails at once (unknown
 * model, quarantined, runtime down) gets a real HTTP error status instead of a 200 with an error chunk.
 */
export async function primed<T>(events: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const it = events[Symbol.asyncIterator]();
  const first = await it.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    },
  };
}

export function streamCompletion(body: ChatCompletionBody, events: AsyncIterable<StreamEvent>): Response {
  const base = { id: id(), object: "chat.completion.chunk", created: now(), model: body.model };
  const enc = new TextEncoder();
  // Tool calls arrive as JSON text from a grammar; clients expect them whole, in a tool_calls delta.
  const buffered = !!body.tools?.length;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (data: unknown) => controller.enqueue(enc.encode(`data: ${JSON.stringify(data)}\n\n`));
      const chunk = (delta: unknown, finish_reason: string | null = null) => send({ ...base, choices: [{ index: 0, delta, finish_reason }] });
      try {
        chunk({ role: "assistant", content: "" });
        for await (const ev of events) {
          if (ev.type === "text" && !buffered) chunk({ content: ev.text });
          if (ev.type === "done") {
            const m = message(ev.result);
            if (m.finish_reason === "tool_calls") chunk({ tool_calls: m.message.tool_calls!.map((t, index) => ({ index, ...t })) });
            else if (buffered) chunk({ content: m.message.content });
            chunk({}, m.finish_reason);
            if (body.stream_options?.include_usage) send({ ...base, choices: [], usage: usage(ev.result) });
          }
        }
      } catch (err) {
        const w = toWire(err);
        send({ error: { message: w.message, type: "server_error", code: w.type } });
      }
      controller.enqueue(enc.encode("data: [DONE]\n\n"));
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}
