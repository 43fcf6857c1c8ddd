// The appliance's OpenAI-compatible /v1 API, served on loopback and backed by a real model runtime
// process: models, chat (JSON and SSE), tools, structured output, embeddings, and errors.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenAiApp } from "../../../runtime/models/api/openai-app.ts";
import { LocalGateway } from "../../../runtime/models/local/local-gateway.ts";
import { RuntimeProcess } from "../../../runtime/models/local/process.ts";
import { RuntimeClient } from "../../../runtime/models/local/runtime-client.ts";
import { readSse } from "../../../runtime/models/remote/sse.ts";
import { CALL, makeStateDir, TEXT_SCRIPT, type ModelFixture } from "./fixtures.ts";

let fx: ModelFixture;
let proc: RuntimeProcess;
let server: ReturnType<typeof Bun.serve>;
let base = "";
const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const messages = [{ role: "user", content: "hello" }];

beforeAll(() => {
  fx = makeStateDir({ only: ["scripted-call", "scripted-text", "truncated"], broken: true });
  proc = new RuntimeProcess({ socketPath: fx.socketPath, stateDir: fx.stateDir, env: { AIOS_MODELS_CONFIG: fx.configPath } });
  const app = createOpenAiApp(new LocalGateway(new RuntimeClient(fx.socketPath, proc)));
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => { server?.stop(true); await proc?.stop(); rmSync(fx.stateDir, { recursive: true, force: true }); });

describe("/v1 OpenAI-compatible API", () => {
  it("lists models with their tier and status", async () => {
    const body = (await (await fetch(`${base}/v1/models`)).json()) as { object: string; data: { id: string; aios: { status: string; reason?: string } }[] };
    expect(body.object).toBe("list");
    expect(body.data.map((m) => m.id)).toEqual(["scripted-call", "scripted-text", "truncated"]);
    expect(body.data[2]!.aios.status).toBe("quarantined");
  });

  it("completes a chat", async () => {
    const res = await post("/v1/chat/completions", { model: "scripted-text", messages, max_tokens: 16 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0]).toMatchObject({ message: { role: "assistant", content: TEXT_SCRIPT.join("") }, finish_reason: "stop" });
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
  });

  it("streams a chat as SSE chunks ending in [DONE]", async () => {
    const res = await post("/v1/chat/completions", { model: "scripted-text", messages, max_tokens: 16, stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = [];
    for await (const m of readSse(res.body!)) events.push(m.data);
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((d) => JSON.parse(d));
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("")).toBe(TEXT_SCRIPT.join(""));
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe("stop");
    expect(chunks.at(-1).usage.total_tokens).toBeGreaterThan(0);
  });

  it("answers tools with tool_calls, streaming and not", async () => {
    const tools = [{ type: "function", function: { name: "restart_service", parameters: { type: "object", properties: { unit: { type: "string" } } } } }];
    const body = (await (await post("/v1/chat/completions", { model: "scripted-call", messages, tools, max_tokens: 64 })).json()) as any;
    expect(body.choices[0].finish_reason).toBe("tool_calls");
    const call = body.choices[0].message.tool_calls[0];
    expect({ name: call.function.name, arguments: JSON.parse(call.function.arguments) }).toEqual(CALL);
    const res = await post("/v1/chat/completions", { model: "scripted-call", messages, tools, max_tokens: 64, stream: true });
    const chunks = [];
    for await (const m of readSse(res.body!)) if (m.data !== "[DONE]") chunks.push(JSON.parse(m.data));
    const streamed = chunks.find((c) => c.choices[0]?.delta?.tool_calls)!.choices[0].delta.tool_calls[0];
    expect(JSON.parse(streamed.function.arguments)).toEqual(CALL.arguments);
  });

  it("honours response_format json_schema", async () => {
    const schema = { type: "object", properties: { name: { type: "string" }, arguments: { type: "object", properties: { unit: { type: "string" } } } } };
    const body = (await (await post("/v1/chat/completions", { model: "scripted-call", messages, max_tokens: 64, response_format: { type: "json_schema", json_schema: { name: "x", schema } } })).json()) as any;
    expect(JSON.parse(body.choices[0].message.content)).toEqual(CALL);
  });

  it("embeds", async () => {
    const body = (await (await post("/v1/embeddings", { model: "scripted-text", input: ["a", "b"] })).json()) as any;
    expect(body.data).toHaveLength(2);
    expect(body.data[0].embedding).toHaveLength(64);
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("answers errors in OpenAI's shape with a fitting status", async () => {
    const bad = await post("/v1/chat/completions", { messages });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatchObject({ type: "invalid_request_error", message: "model is required" });
    const missing = await post("/v1/chat/completions", { model: "nope", messages, stream: true });
    expect(missing.status).toBe(404);
    const quarantined = await post("/v1/chat/completions", { model: "truncated", messages });
    expect(quarantined.status).toBe(503);
    expect(((await quarantined.json()) as any).error.message).toMatch(/quarantined: .*truncated/);
  });
});
