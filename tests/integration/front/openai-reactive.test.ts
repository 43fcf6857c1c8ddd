// The /v1 API on a fresh appliance: no model installed and the model runtime not running. Model `aios`
// still answers, through the front agent's reactive router reading the real system (the official
// `openai` client, the real hierarchy, the real executor); a change is described, never made; a request
// the rules do not know gets a plain answer saying so; a pinned model that does not exist stays a 404.
import { rmSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reactiveAnswer } from "../../../agents/host/openai-api.ts";
import { HierarchyGateway } from "../../../runtime/models/api/hierarchy-gateway.ts";
import { createOpenAiApp } from "../../../runtime/models/api/openai-app.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { frontRig, type FrontRig } from "../../fixtures/front-world.ts";
import { makeStateDir, type ModelFixture } from "../models/fixtures.ts";
import { canNetns, findNft } from "../tools/netns.ts";

const nft = findNft();
const nftSkip = nft === null ? "nft not found" : canNetns();

let rig: FrontRig;
let fx: ModelFixture;
let stack: IntelligenceStack;
let server: ReturnType<typeof Bun.serve>;
let client: OpenAI;

beforeAll(() => {
  rig = frontRig(nftSkip === null ? nft! : undefined);
  fx = makeStateDir({ only: [] });
  // No runtime is spawned and nothing listens on its socket: the local tier is down, as after a crash.
  stack = createIntelligence({ spawnRuntime: false, socketPath: fx.socketPath, stateDir: fx.stateDir, configPath: fx.configPath, secretsPath: join(fx.stateDir, "secrets.toml") });
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: createOpenAiApp(new HierarchyGateway(stack, "api", reactiveAnswer(rig.front))).fetch });
  client = new OpenAI({ baseURL: `http://127.0.0.1:${server.port}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(async () => { server?.stop(true); await stack?.close(); rig?.close(); rmSync(fx.stateDir, { recursive: true, force: true }); });

describe("/v1 with no model tier", () => {
  it("lists `aios`, saying only the reactive tier answers", async () => {
    const models = [];
    for await (const m of client.models.list()) models.push(m as unknown as { id: string; aios: { reason?: string } });
    expect(models.map((m) => m.id)).toEqual(["aios"]);
    expect(models[0]!.aios.reason).toMatch(/^reactive tier only: model runtime is /);
  });

  it("answers a common request from the real system, as JSON and as a stream", async () => {
    const messages = [{ role: "system" as const, content: "You are terse." }, { role: "user" as const, content: "how is the memory?" }];
    const r = await client.chat.completions.create({ model: "aios", messages });
    const text = r.choices[0]!.message.content!;
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(text).toMatch(/memory/i);
    expect(text).toMatch(/\d/); // figures read from this machine, not a canned sentence
    let streamed = "";
    for await (const chunk of await client.chat.completions.create({ model: "aios", messages, stream: true })) streamed += chunk.choices[0]?.delta?.content ?? "";
    expect(streamed).toMatch(/memory/i);
    const audit = rig.ex.sys.audit.since(0, 100).filter((e) => e.actor === "agent:front");
    expect(audit.some((e) => JSON.stringify(e).includes('"via":"api"'))).toBe(true);
  });

  it.skipIf(nftSkip !== null)("describes a change without making it, and the firewall stays as it was", async () => {
    const before = rig.ruleset();
    const r = await client.chat.completions.create({ model: "aios", messages: [{ role: "user", content: "open port 8080" }] });
    const text = r.choices[0]!.message.content!;
    expect(text).toContain("this API only answers");
    expect(rig.goals.list(10)).toEqual([]);
    expect(rig.ruleset()).toBe(before);
    expect(before).not.toContain("dport 8080");
  });

  it("says plainly what it cannot do, and a missing pinned model is still a 404", async () => {
    const r = await client.chat.completions.create({ model: "aios", messages: [{ role: "user", content: "write me a sonnet about autumn leaves" }] });
    expect(r.choices[0]!.message.content).toContain("do not know it");
    await expect(client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({ status: 404 });
  });
});
