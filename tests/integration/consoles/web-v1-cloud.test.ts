// The web console's /v1 reaches the operator's cloud models: the console relays to the agent host's
// API (agents/host/openai-api.ts), whose hierarchy reads the key from secrets.toml (0600). Real HTTPS
// to the console, a real unix socket to the host, a real OpenAI-wire provider on loopback.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountOpenAi } from "../../../agents/host/openai-api.ts";
import { realWebDeps, webApp } from "../../../consoles/web/app.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { readSse } from "../../../runtime/models/remote/sse.ts";
import { FakeProvider } from "../models/fake-provider.ts";
import { serveConsole, type ConsoleUnderTest } from "./https.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-v1-cloud-"));
const provider = new FakeProvider();
const auth = { authorization: "Bearer s3cret-v1", "content-type": "application/json" };
const saved = { ...process.env };
let intel: IntelligenceStack;
let host: ReturnType<typeof Bun.serve>;
let web: ConsoleUnderTest;

beforeAll(async () => {
  provider.start();
  provider.reply = { text: "from the cloud" };
  writeFileSync(join(dir, "models.toml"), ["[[remote]]", 'provider = "acme"', 'kind = "openai"', `base_url = "${provider.url}/v1"`, 'model = "acme-large"'].join("\n"));
  writeFileSync(join(dir, "secrets.toml"), '[providers.acme]\napi_key = "sk-acme-123"\n');
  chmodSync(join(dir, "secrets.toml"), 0o600);
  Object.assign(process.env, { AIOS_STATE_DIR: dir, AIOS_CONFIG_DIR: dir, AIOS_AGENT_SOCKET: join(dir, "agents.sock"), AIOS_MODEL_SOCKET: join(dir, "no-runtime.sock") });
  intel = createIntelligence({ configPath: join(dir, "models.toml"), secretsPath: join(dir, "secrets.toml"), dbPath: join(dir, "agents.db") });
  const app = new Hono();
  mountOpenAi(app, () => intel);
  host = Bun.serve({ unix: join(dir, "agents.sock"), fetch: app.fetch });
  web = await serveConsole(webApp(realWebDeps("s3cret-v1")));
});
afterAll(async () => {
  web?.server.stop(true);
  host?.stop(true);
  await intel?.close();
  provider.stop();
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe("the web console's /v1 with a cloud key", () => {
  it("answers from the configured cloud model with the operator's key, as JSON and as SSE", async () => {
    const ask = (stream: boolean) => web.fetch(`${web.base}/v1/chat/completions`, { method: "POST", headers: auth, body: JSON.stringify({ model: "acme-large", messages: [{ role: "user", content: "hello" }], max_tokens: 16, stream }) });
    const res = await ask(false);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe("from the cloud");
    expect(provider.requests.at(-1)!.headers.get("authorization")).toBe("Bearer sk-acme-123");
    const sse = await ask(true);
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    let text = "";
    for await (const e of readSse(sse.body!)) if (e.data !== "[DONE]") text += (JSON.parse(e.data) as { choices: { delta: { content?: string } }[] }).choices[0]!.delta.content ?? "";
    expect(text).toBe("from the cloud");
    const models = (await (await web.fetch(`${web.base}/v1/models`, { headers: auth })).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toContain("acme/acme-large");
  });

  it("answers 503 with the reason when the agent host is down, and 401 without a login", async () => {
    expect((await web.fetch(`${web.base}/v1/models`)).status).toBe(401);
    host.stop(true);
    const res = await web.fetch(`${web.base}/v1/models`, { headers: auth });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/the agent host, which answers \/v1, is not reachable/);
  });
});
