// The model runtime as a real child process running real llama.cpp on generated models: load, chat,
// grammar, function calling, embeddings, streaming, and the bad files that must not take anything down.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelBehaviorError, NotFoundError, TimeoutError, UserError } from "../../../runtime/errors.ts";
import { ModelUnavailableError } from "../../../runtime/models/errors.ts";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { fileSha256 } from "../../../runtime/models/hash.ts";
import { LocalModel } from "../../../runtime/models/local/local-model.ts";
import { RuntimeProcess } from "../../../runtime/models/local/process.ts";
import { RuntimeClient } from "../../../runtime/models/local/runtime-client.ts";
import { CALL, makeStateDir, TEXT_SCRIPT, type ModelFixture } from "./fixtures.ts";

let fx: ModelFixture;
let proc: RuntimeProcess;
let client: RuntimeClient;
const model = (id: string) => new LocalModel(client, { id, tier: "local-small" });
const ask = [{ role: "user" as const, content: "restart nginx please" }];

beforeAll(async () => {
  fx = makeStateDir({ broken: true });
  proc = new RuntimeProcess({ socketPath: fx.socketPath, stateDir: fx.stateDir, env: { AIOS_MODELS_CONFIG: fx.configPath } });
  client = new RuntimeClient(fx.socketPath, proc);
});
afterAll(async () => { await proc?.stop(); rmSync(fx.stateDir, { recursive: true, force: true }); });

describe("model runtime process", () => {
  it("reads GGUF metadata, assigns tiers by size and quarantines broken files before loading", async () => {
    const models = Object.fromEntries((await client.models()).map((m) => [m.id, m]));
    const call = models["scripted-call"]!;
    expect(call).toMatchObject({ status: "available", tier: "local-small", loaded: false });
    expect(call.facts).toMatchObject({ architecture: "llama", quantization: "F32", contextLength: 512, embeddingLength: 64, blockCount: 2 });
    expect(call.facts?.chatTemplate).toContain("<|im_start|>");
    expect(call.sha256).toBe(await fileSha256(join(fx.modelsDir, "scripted-call.gguf")));
    expect(models.random!.tier).toBe("local-medium");
    expect(models.truncated).toMatchObject({ status: "quarantined" });
    expect(models.truncated!.reason).toMatch(/truncated/);
    expect(models.garbage!.reason).toMatch(/not a GGUF file/);
    expect(models["no-ffn"]!.reason).toContain("missing metadata key llama.feed_forward_length");
  });

  it("notices a model file dropped into the folder while running", async () => {
    writeFileSync(join(fx.modelsDir, "late.gguf"), tinyLlama({ seed: 21 }).bytes);
    expect((await client.models()).find((m) => m.id === "late")).toMatchObject({ status: "available", tier: "local-small" });
  });

  it("chats: a scripted model answers exactly its script", async () => {
    const r = await model("scripted-text").generate({ messages: ask, maxTokens: 16 });
    expect(r.output).toEqual({ kind: "text", content: TEXT_SCRIPT.join("") });
    expect(r.tokens.input).toBeGreaterThan(0);
    expect(r.tokens.output).toBeGreaterThan(0);
    expect(r.model.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("calls functions through a grammar and validates the call", async () => {
    const r = await model("scripted-call").generate({
      messages: ask, maxTokens: 64,
      functions: [
        { name: "restart_service", parameters: { type: "object", properties: { unit: { type: "string" } } } },
        { name: "stop_service", parameters: { type: "object", properties: { unit: { type: "string" } } } },
      ],
    });
    expect(r.output).toMatchObject({ kind: "function", call: CALL });
  });

  it("constrains a random model's output to the schema", async () => {
    const schema = { type: "object", properties: { answer: { enum: ["yes", "no"] } }, required: ["answer"] };
    const r = await model("random").generate({ messages: ask, schema, maxTokens: 32 });
    expect(r.output.kind).toBe("object");
    expect(["yes", "no"]).toContain((r.output as { object: { answer: string } }).object.answer);
  });

  it("refuses a schema no grammar can express as the caller's error", async () => {
    await expect(model("random").generate({ messages: ask, schema: { type: "date" } })).rejects.toBeInstanceOf(UserError);
  });

  it("streams text pieces that add up to the answer", async () => {
    const pieces: string[] = [];
    let final = "";
    for await (const ev of model("scripted-text").stream({ messages: ask, maxTokens: 16 })) {
      if (ev.type === "text") pieces.push(ev.text);
      else final = (ev.result.output as { content: string }).content;
    }
    expect(pieces.join("")).toBe(TEXT_SCRIPT.join(""));
    expect(final).toBe(TEXT_SCRIPT.join(""));
  });

  it("embeds text deterministically", async () => {
    const r = await client.embed({ model: "scripted-call", input: ["disk is full", "disk is full", "network down"] });
    expect(r.vectors).toHaveLength(3);
    expect(r.vectors[0]).toHaveLength(64);
    expect(r.vectors[0]).toEqual(r.vectors[1]);
    expect(r.vectors[0]).not.toEqual(r.vectors[2]);
  });

  it("reports a model that does not finish its JSON as misbehaving", async () => {
    const schema = { type: "object", properties: { why: { type: "string" } } };
    await expect(model("random").generate({ messages: ask, schema, maxTokens: 3 })).rejects.toBeInstanceOf(ModelBehaviorError);
  });

  it("times out and names the model", async () => {
    await expect(model("random").generate({ messages: ask, maxTokens: 200, timeoutMs: 1 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it("refuses ill-typed fields as the caller's error (400), and stays up (the fuzz campaign's temperature crash)", async () => {
    await client.models(); // started
    const before = proc.pid;
    const post = async (path: string, body: unknown) => {
      const r = await fetch(`http://runtime${path}`, { unix: fx.socketPath, method: "POST", body: JSON.stringify(body) } as RequestInit);
      return { status: r.status, error: ((await r.json()) as { error?: { type: string; message: string } }).error };
    };
    const chat = { model: "scripted-text", messages: ask, maxTokens: 4 };
    const odd: [string, unknown][] = [["temperature", "hot"], ["temperature", {}], ["temperature", 1e308], ["maxTokens", "5"], ["maxTokens", -1], ["timeoutMs", "soon"], ["priority", []]];
    for (const [key, value] of odd) {
      expect(await post("/chat", { ...chat, [key]: value }), `${key} = ${JSON.stringify(value)}`).toMatchObject({ status: 400, error: { type: "UserError", message: expect.stringContaining(key) } });
    }
    for (const messages of [[{ role: "user", content: 7 }], [{ role: "wizard", content: "hi" }], [null]]) {
      expect(await post("/chat", { ...chat, messages })).toMatchObject({ status: 400, error: { type: "UserError" } });
    }
    for (const input of ["disk", [1], [{}], []]) {
      expect(await post("/embed", { model: "scripted-call", input })).toMatchObject({ status: 400, error: { type: "UserError" } });
    }
    expect(proc.pid).toBe(before);
    await expect(model("scripted-text").generate({ messages: ask, temperature: "hot" } as never)).rejects.toBeInstanceOf(UserError);
    expect((await model("scripted-text").generate({ messages: ask, maxTokens: 16 })).output).toEqual({ kind: "text", content: TEXT_SCRIPT.join("") });
    expect(proc.pid).toBe(before);
  });

  it("answers NotFound for an unknown model", async () => {
    await expect(model("nope").generate({ messages: ask })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("quarantines a model llama.cpp refuses to load", async () => {
    await expect(model("extra-tensor").generate({ messages: ask })).rejects.toBeInstanceOf(ModelUnavailableError);
    const m = (await client.models()).find((x) => x.id === "extra-tensor")!;
    expect(m.status).toBe("quarantined");
    expect(m.reason).toMatch(/llama\.cpp could not load it/);
  });

  it("survives a model that aborts llama.cpp: the runtime restarts and quarantines it", async () => {
    const before = proc.pid;
    await expect(model("zero-heads").generate({ messages: ask })).rejects.toBeInstanceOf(ModelUnavailableError);
    const m = (await client.models()).find((x) => x.id === "zero-heads")!;
    expect(proc.pid).not.toBe(before);
    expect(m.status).toBe("quarantined");
    expect(m.reason).toMatch(/died while loading/);
    await expect(model("zero-heads").generate({ messages: ask })).rejects.toThrow(/quarantined/);
    const r = await model("scripted-text").generate({ messages: ask, maxTokens: 16 });
    expect(r.output).toEqual({ kind: "text", content: TEXT_SCRIPT.join("") });
  });
});
