// A multi-turn tool conversation through the OpenAI and Anthropic clients, against a loopback server
// speaking each wire format: the model calls a function, gets the result, then answers in text. The
// server checks what a real provider insists on (ids that match, tool turns in their native shape).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, FunctionSpec, ModelRequest } from "../../../runtime/models/model.ts";
import { AnthropicModel } from "../../../runtime/models/remote/anthropic.ts";
import { OpenAiModel } from "../../../runtime/models/remote/openai.ts";
import { sseEncode } from "../../../runtime/models/remote/sse.ts";

const functions: FunctionSpec[] = [{ name: "disks_usage", description: "disk usage", parameters: { type: "object", properties: {} } }];
const bodies: any[] = [];
let server: ReturnType<typeof Bun.serve>;

const sse = (chunks: string[]) => new Response(chunks.join(""), { headers: { "content-type": "text/event-stream" } });

function openAi(body: any): Response {
  const answered = body.messages.some((m: any) => m.role === "tool");
  if (answered) {
    const tool = body.messages.find((m: any) => m.role === "tool");
    const call = body.messages.find((m: any) => m.tool_calls)?.tool_calls[0];
    if (tool.tool_call_id !== call.id) return new Response("tool_call_id does not match", { status: 400 });
  }
  if (body.stream) {
    const c = (delta: unknown) => sseEncode({ choices: [{ index: 0, delta }] });
    return sse(answered
      ? [c({ content: "Plenty " }), c({ content: "of room." }), sseEncode({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 3 } }), "data: [DONE]\n\n"]
      : [c({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "disks_usage", arguments: "" } }] }), c({ tool_calls: [{ index: 0, function: { arguments: "{}" } }] }),
        c({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "disks_usage", arguments: "{}" } }] }), "data: [DONE]\n\n"]);
  }
  const message = answered ? { role: "assistant", content: "Plenty of room." }
    : { role: "assistant", content: null, tool_calls: [{ id: "call_a", type: "function", function: { name: "disks_usage", arguments: "{}" } }] };
  return Response.json({ choices: [{ index: 0, message, finish_reason: answered ? "stop" : "tool_calls" }], usage: { prompt_tokens: 9, completion_tokens: 3 } });
}

function anthropic(body: any): Response {
  const last = body.messages.at(-1);
  const answered = Array.isArray(last.content) && last.content[0]?.type === "tool_result";
  if (answered && last.content[0].tool_use_id !== body.messages.at(-2).content.find((b: any) => b.type === "tool_use").id) return new Response("tool_use_id does not match", { status: 400 });
  const content = answered ? [{ type: "text", text: "Plenty of room." }] : [{ type: "text", text: "Let me look." }, { type: "tool_use", id: "toolu_1", name: "disks_usage", input: {} }];
  return Response.json({ content, stop_reason: answered ? "end_turn" : "tool_use", usage: { input_tokens: 9, output_tokens: 3 } });
}

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1", port: 0,
    async fetch(req) {
      const body = await req.json();
      bodies.push(body);
      return new URL(req.url).pathname.endsWith("/v1/messages") ? anthropic(body) : openAi(body);
    },
  });
});
afterAll(() => server?.stop(true));

const cfg = (kind: "openai" | "anthropic") => ({ provider: kind, kind, baseUrl: `http://127.0.0.1:${server.port}${kind === "openai" ? "/v1" : ""}`, model: "m", timeoutMs: 5000 });
const ask = (messages: ChatMessage[]): ModelRequest => ({ messages, functions, toolChoice: "auto" });

async function conversation(model: OpenAiModel | AnthropicModel) {
  const messages: ChatMessage[] = [{ role: "system", content: "be brief" }, { role: "user", content: "how full are the disks?" }];
  const first = await model.generate(ask(messages));
  if (first.output.kind !== "function") throw new Error(`expected a call, got ${first.output.kind}`);
  const call = { id: first.output.call.id!, name: first.output.call.name, arguments: first.output.call.arguments };
  messages.push({ role: "assistant", content: "", toolCalls: [call] }, { role: "tool", toolCallId: call.id, name: call.name, content: '[{"mount":"/","free":1}]' });
  const second = await model.generate(ask(messages));
  return { first, second };
}

describe("tool turns over the OpenAI wire format", () => {
  it("calls, gets the result as a role tool turn, answers in text", async () => {
    bodies.length = 0;
    const { first, second } = await conversation(new OpenAiModel(cfg("openai")));
    expect(first.output).toMatchObject({ kind: "function", call: { id: "call_a", name: "disks_usage", arguments: {} } });
    expect(second.output).toEqual({ kind: "text", content: "Plenty of room." });
    expect(bodies[0]).toMatchObject({ tool_choice: "auto", tools: [{ type: "function", function: { name: "disks_usage" } }] });
    expect(bodies[1].messages.slice(2)).toEqual([
      { role: "assistant", content: null, tool_calls: [{ id: "call_a", type: "function", function: { name: "disks_usage", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "call_a", content: '[{"mount":"/","free":1}]' },
    ]);
  });

  it("streams parallel calls with their ids, then streams the answer", async () => {
    const model = new OpenAiModel(cfg("openai"));
    const done = async (messages: ChatMessage[]) => { let r; for await (const ev of model.stream(ask(messages))) if (ev.type === "done") r = ev.result; return r!; };
    const first = await done([{ role: "user", content: "disks?" }]);
    expect(first.output).toMatchObject({ kind: "function", calls: [{ id: "call_a" }, { id: "call_b" }] });
    const second = await done([{ role: "user", content: "disks?" }, { role: "assistant", content: "", toolCalls: [{ id: "call_a", name: "disks_usage", arguments: {} }] }, { role: "tool", toolCallId: "call_a", content: "[]" }]);
    expect(second.output).toEqual({ kind: "text", content: "Plenty of room." });
  });

  it("keeps single-shot calls required", async () => {
    bodies.length = 0;
    await new OpenAiModel(cfg("openai")).generate({ messages: [{ role: "user", content: "x" }], functions });
    expect(bodies[0].tool_choice).toBe("required");
  });
});

describe("tool turns over the Anthropic wire format", () => {
  it("calls with tool_use, gets a tool_result block, answers in text", async () => {
    bodies.length = 0;
    const { first, second } = await conversation(new AnthropicModel(cfg("anthropic")));
    expect(first.output).toMatchObject({ kind: "function", call: { id: "toolu_1", name: "disks_usage" } });
    expect(second.output).toEqual({ kind: "text", content: "Plenty of room." });
    expect(bodies[0]).toMatchObject({ system: "be brief", tool_choice: { type: "auto" }, tools: [{ name: "disks_usage", input_schema: { type: "object" } }] });
    expect(bodies[1].messages.slice(1)).toEqual([
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "disks_usage", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: '[{"mount":"/","free":1}]' }] },
    ]);
  });

  it("keeps single-shot calls forced (tool_choice any)", async () => {
    bodies.length = 0;
    await new AnthropicModel(cfg("anthropic")).generate({ messages: [{ role: "user", content: "x" }], functions });
    expect(bodies[0].tool_choice).toEqual({ type: "any" });
  });
});
