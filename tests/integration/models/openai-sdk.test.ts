// The appliance's /v1 API through the intelligence hierarchy, driven by the official `openai` client:
// chat, streaming, tools (a call, then its result sent back, then the answer), embeddings — against
// scripted GGUFs in the real model runtime process, and a loopback fake provider for a remote model id.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenAiApp } from "../../../runtime/models/api/openai-app.ts";
import { HierarchyGateway } from "../../../runtime/models/api/hierarchy-gateway.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { FakeProvider } from "./fake-provider.ts";
import { makeStateDir, TEXT_SCRIPT, type ModelFixture } from "./fixtures.ts";

const remote = new FakeProvider();
let fx: ModelFixture;
let stack: IntelligenceStack;
let server: ReturnType<typeof Bun.serve>;
let client: OpenAI;
const ANSWER = "All disks have room.";
const tools = [{ type: "function" as const, function: { name: "disks_usage", description: "disk usage", parameters: { type: "object", properties: {} } } }];
const messages = [{ role: "user" as const, content: "how full are the disks?" }];

beforeAll(() => {
  remote.start();
  fx = makeStateDir({
    only: ["scripted-text"],
    extraToml: [
      "[[remote]]", 'provider = "fake"', 'kind = "openai"', `base_url = "${remote.url}/v1"`, 'model = "fake-large"',
      "[policy.api]", 'lowest = "remote"', 'highest = "remote"', "cache_ttl_seconds = 0",
    ],
  });
  const script = [JSON.stringify({ name: "disks_usage", arguments: {} })];
  writeFileSync(join(fx.modelsDir, "turn-read.gguf"), tinyLlama({ seed: 31, script, branch: { marker: "<tool_response>", script: [JSON.stringify({ name: "respond", arguments: { text: ANSWER } })] }, contextLength: 2048 }).bytes);
  writeFileSync(fx.configPath, readFileSync(fx.configPath, "utf8").replace("context_size = 256", "context_size = 2048"));
  stack = createIntelligence({ spawnRuntime: true, socketPath: fx.socketPath, stateDir: fx.stateDir, configPath: fx.configPath, secretsPath: join(fx.stateDir, "secrets.toml") });
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: createOpenAiApp(new HierarchyGateway(stack)).fetch });
  client = new OpenAI({ baseURL: `http://127.0.0.1:${server.port}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(async () => { server?.stop(true); await stack?.close(); remote.stop(); rmSync(fx.stateDir, { recursive: true, force: true }); });

describe("the official openai client against /v1", () => {
  it("lists local GGUFs, remote models and `aios`", async () => {
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toEqual(["aios", "scripted-text", "turn-read", "fake/fake-large"]);
  });

  it("chats with a local model, JSON and streaming", async () => {
    const r = await client.chat.completions.create({ model: "scripted-text", messages, max_tokens: 16 });
    expect(r.choices[0]!.message.content).toBe(TEXT_SCRIPT.join(""));
    expect(r.usage!.completion_tokens).toBeGreaterThan(0);
    let text = "";
    for await (const chunk of await client.chat.completions.create({ model: "scripted-text", messages, max_tokens: 16, stream: true })) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe(TEXT_SCRIPT.join(""));
  });

  it("runs a tool conversation on a local model: call, result, answer", async () => {
    const first = await client.chat.completions.create({ model: "turn-read", messages, tools, max_tokens: 64 });
    const msg = first.choices[0]!.message;
    expect(first.choices[0]!.finish_reason).toBe("tool_calls");
    const call = msg.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
    expect(call.function).toEqual({ name: "disks_usage", arguments: "{}" });
    const second = await client.chat.completions.create({
      model: "turn-read", tools, max_tokens: 64,
      messages: [...messages, msg, { role: "tool", tool_call_id: call.id, content: '[{"mount":"/","free":123456}]' }],
    });
    expect(second.choices[0]!.message.content).toBe(ANSWER);
  });

  it("embeds with a local model", async () => {
    const r = await client.embeddings.create({ model: "scripted-text", input: ["a", "b"] });
    expect(r.data.map((d) => d.embedding.length)).toEqual([64, 64]);
  });

  it("serves a remote model id through its provider, JSON, streaming and tools", async () => {
    remote.reply = { text: "remote says hi", call: { name: "disks_usage", arguments: {} } };
    const r = await client.chat.completions.create({ model: "fake/fake-large", messages });
    expect(r.choices[0]!.message.content).toBe("remote says hi");
    let text = "";
    for await (const c of await client.chat.completions.create({ model: "fake/fake-large", messages, stream: true })) text += c.choices[0]?.delta?.content ?? "";
    expect(text).toBe("remote says hi");
    const t = await client.chat.completions.create({ model: "fake/fake-large", messages, tools });
    expect(t.choices[0]!.message.tool_calls![0]).toMatchObject({ id: "call_1", function: { name: "disks_usage", arguments: "{}" } });
    expect(remote.requests.at(-1)!.body).toMatchObject({ model: "fake-large", tool_choice: "auto" });
  });

  it("lets the hierarchy pick for `aios` ([policy.api] allows only remote here) and logs the decision", async () => {
    const before = remote.requests.length;
    const r = await client.chat.completions.create({ model: "aios", messages });
    expect(r.choices[0]!.message.content).toBe("remote says hi");
    expect(remote.requests.length).toBe(before + 1);
    expect(stack.decisions.recent(1)[0]).toMatchObject({ type: "api", agent: "api", outcome: "answered", tier: "remote", modelId: "fake-large" });
  });

  it("answers an unknown model with 404 through the client's typed error", async () => {
    await expect(client.chat.completions.create({ model: "nope", messages })).rejects.toMatchObject({ status: 404 });
  });
});
