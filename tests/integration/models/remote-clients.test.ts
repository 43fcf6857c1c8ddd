// OpenAI-compatible and Anthropic clients against a real local HTTP server speaking both wire formats.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelBehaviorError, TimeoutError } from "../../../runtime/errors.ts";
import { ProviderError } from "../../../runtime/models/errors.ts";
import type { Model, ModelRequest, ModelResult } from "../../../runtime/models/model.ts";
import { AnthropicModel } from "../../../runtime/models/remote/anthropic.ts";
import { OpenAiModel } from "../../../runtime/models/remote/openai.ts";
import { FakeProvider } from "./fake-provider.ts";

const server = new FakeProvider();
beforeAll(() => { server.start(); });
afterAll(() => server.stop());

const pricing = { inputPerMTok: 3, outputPerMTok: 15 };
const clients: [string, () => Model][] = [
  ["openai", () => new OpenAiModel({ provider: "openai-test", kind: "openai", baseUrl: `${server.url}/v1`, model: "gpt-test", apiKey: "sk-test", pricing, timeoutMs: 5000 })],
  ["anthropic", () => new AnthropicModel({ provider: "anthropic-test", kind: "anthropic", baseUrl: server.url, model: "claude-test", apiKey: "ak-test", pricing, timeoutMs: 5000 })],
];
const messages = [{ role: "system" as const, content: "be brief" }, { role: "user" as const, content: "hi" }];
const schema = { type: "object", properties: { verdict: { enum: ["restart", "ignore"] } }, required: ["verdict"] };
const functions = [{ name: "restart_service", parameters: { type: "object", properties: { unit: { type: "string" } }, required: ["unit"] } }];

async function collect(model: Model, req: ModelRequest): Promise<{ text: string; result: ModelResult }> {
  let text = "";
  let result: ModelResult | undefined;
  for await (const ev of model.stream!(req)) {
    if (ev.type === "text") text += ev.text;
    else result = ev.result;
  }
  return { text, result: result! };
}

describe.each(clients)("%s client", (kind, make) => {
  it("chats, counts tokens and prices them", async () => {
    server.mode = "ok";
    server.reply = { text: "remote says hi" };
    const r = await make().generate({ messages });
    expect(r.output).toEqual({ kind: "text", content: "remote says hi" });
    expect(r.tokens.input).toBeGreaterThan(0);
    expect(r.costUsd).toBeCloseTo((r.tokens.input * 3 + r.tokens.output * 15) / 1e6, 12);
    const sent = server.requests.at(-1)!;
    if (kind === "openai") expect(sent.headers.get("authorization")).toBe("Bearer sk-test");
    else {
      expect(sent.headers.get("x-api-key")).toBe("ak-test");
      expect(sent.body.system).toBe("be brief");
    }
  });

  it("returns a validated object for a schema", async () => {
    server.reply = { object: { verdict: "restart" } };
    const r = await make().generate({ messages, schema });
    expect(r.output).toMatchObject({ kind: "object", object: { verdict: "restart" } });
  });

  it("returns a checked function call", async () => {
    server.reply = { call: { name: "restart_service", arguments: { unit: "sshd" } } };
    const r = await make().generate({ messages, functions });
    expect(r.output).toMatchObject({ kind: "function", call: { name: "restart_service", arguments: { unit: "sshd" } } });
  });

  it("streams text over SSE", async () => {
    server.reply = { text: "streaming works fine" };
    const { text, result } = await collect(make(), { messages });
    expect(text).toBe("streaming works fine");
    expect(result.output).toEqual({ kind: "text", content: "streaming works fine" });
    expect(result.tokens.output).toBeGreaterThan(0);
  });

  it("streams a function call over SSE", async () => {
    server.reply = { call: { name: "restart_service", arguments: { unit: "cron" } } };
    const { result } = await collect(make(), { messages, functions });
    expect(result.output).toMatchObject({ kind: "function", call: { arguments: { unit: "cron" } } });
  });

  it("rejects output that breaks the schema", async () => {
    server.mode = "bad-schema";
    server.reply = { object: { verdict: "restart" } };
    await expect(make().generate({ messages, schema })).rejects.toBeInstanceOf(ModelBehaviorError);
    server.mode = "ok";
  });

  it("turns HTTP 500, garbage and slowness into typed errors", async () => {
    server.mode = "500";
    const e500 = await make().generate({ messages }).catch((e) => e);
    expect(e500).toBeInstanceOf(ProviderError);
    expect(e500.status).toBe(500);
    server.mode = "garbage";
    await expect(make().generate({ messages })).rejects.toThrow(/not JSON/);
    server.mode = "slow";
    server.slowMs = 1000;
    await expect(make().generate({ messages, timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    server.mode = "ok";
  });
});
