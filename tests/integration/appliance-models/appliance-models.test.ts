// The models area through every way in, on a host, against a real `aios init` supervising a real model
// runtime process: the web console's /v1 (behind the token, over real HTTP, relayed to the agent host's
// API as on the appliance), aiosctl models/ask, and the
// chat console on a pseudo-terminal — first with no model, then with a generated scripted GGUF, then
// with the runtime stopped.
import { writeFileSync } from "node:fs";
import type { Subprocess } from "bun";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSse } from "../../../runtime/models/remote/sse.ts";
import { Hono } from "hono";
import { realWebDeps, webApp } from "../../../consoles/web/app.ts";
import { mountOpenAi } from "../../../agents/host/openai-api.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { serveConsole, type ConsoleUnderTest } from "../consoles/https.ts";
import { bun, repo } from "../init/fixture.ts";
import { ANSWER, ModelsAppliance, SCRIPT } from "./fixture.ts";

let box: ModelsAppliance;
let server: ReturnType<typeof Bun.serve>;
let hostServer: ReturnType<typeof Bun.serve> | undefined;
let hostIntel: IntelligenceStack | undefined;
let base = "";
let web: ConsoleUnderTest;
const fetch = (url: string, init?: RequestInit) => web.fetch(url, init);
const auth = { authorization: "Bearer s3cret" };
const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${base}${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
const messages = [{ role: "user", content: "how is the disk?" }];

// The chat console on a real terminal.
let consoleProc: Subprocess;
let screen = "";
const say = async (line: string, expectText: string) => {
  const from = screen.length;
  consoleProc.terminal!.write(`${line}\r`);
  while (!screen.slice(from).includes(expectText)) await Bun.sleep(20);
  while (!screen.slice(from).includes("aios> ")) await Bun.sleep(20);
  return screen.slice(from);
};

beforeAll(async () => {
  box = new ModelsAppliance();
  await box.start();
  await box.until(() => box.service("models"), (s) => s.state === "ready");
  for (const [k, v] of Object.entries(box.env)) process.env[k] = v;
  // The agent host's socket with its /openai API (what the console relays /v1 to), over the host's
  // own hierarchy on the same runtime, as agents/host/main.ts mounts it.
  process.env.AIOS_AGENT_SOCKET = `${box.dir}/agents.sock`;
  hostIntel = createIntelligence({ dbPath: `${box.dir}/agents.db` });
  const host = new Hono();
  mountOpenAi(host, () => hostIntel!);
  hostServer = Bun.serve({ unix: process.env.AIOS_AGENT_SOCKET, fetch: host.fetch });
  web = await serveConsole(webApp(realWebDeps("s3cret")));
  server = web.server;
  base = web.base;
  writeFileSync(`${box.env.AIOS_STATE_DIR}/setup.done`, ""); // setup is done: the chat prompt comes first
  // The console as before: it asks the hierarchy itself when no agent host answers its chat.
  const { AIOS_AGENT_SOCKET: _host, ...consoleEnv } = box.env;
  consoleProc = Bun.spawn([bun, `${repo}/main.ts`, "console"], {
    env: consoleEnv, terminal: { cols: 160, rows: 40, data: (_t, d) => { screen += new TextDecoder().decode(d); } },
  });
  while (!screen.includes("aios> ")) await Bun.sleep(20);
});
afterAll(async () => {
  consoleProc?.kill("SIGKILL");
  server?.stop(true);
  hostServer?.stop(true);
  await hostIntel?.close();
  delete process.env.AIOS_AGENT_SOCKET;
  await box?.stop();
});

describe("with no model (as the appliance ships)", () => {
  it("runs the runtime, and every way in says there is no model", async () => {
    const ls = await box.ctl("models", "--json");
    expect(ls.code).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual({ runtime: "running", modelsDir: box.modelsDir, models: [], degraded: [] });
    expect((await box.ctl("models")).stdout).toContain(`no models: put a GGUF file in ${box.modelsDir}`);
    const asked = await box.ctl("ask", "how is the disk?");
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain(`no model configured: put a GGUF model in ${box.modelsDir}`);
    expect(asked.stderr).toMatch(/no tier could answer this question\. Tried:\n  reactive: no rule or answer fits \(no rule for this question case\)\n  local-small: unavailable/);
    const ruled = await box.ctl("ask", "which models are installed?");
    expect(ruled).toMatchObject({ code: 0, stdout: expect.stringContaining(`No model is installed: put a GGUF file in ${box.modelsDir}.\n[reactive rules/question/models`) });
    expect(await say("how is the disk?", "no model configured")).toContain(`put a GGUF model in ${box.modelsDir}`);
    expect(await (await fetch(`${base}/v1/models`, { headers: auth })).json()).toEqual({ object: "list", data: [expect.objectContaining({ id: "aios", owned_by: "aios" })] });
  });

  it("keeps /v1 behind the console's token", async () => {
    expect((await fetch(`${base}/v1/models`)).status).toBe(401);
    expect((await post("/v1/chat/completions", { model: "x", messages }, {})).status).toBe(401);
  });

  it("lists /models in the console help", async () => {
    expect(await say("help", "/shell")).toContain("/models");
  });
});

describe("with a scripted GGUF in the models folder", () => {
  beforeAll(() => { box.putModel("scripted", SCRIPT); });

  it("lists it with tier, state and size", async () => {
    const ls = JSON.parse((await box.ctl("models", "--json")).stdout) as { models: { id: string; tier: string; status: string; provider: string; sizeBytes: number }[] };
    expect(ls.models).toEqual([expect.objectContaining({ id: "scripted", tier: "local-small", status: "available", provider: "local" })]);
    expect(ls.models[0]!.sizeBytes).toBeGreaterThan(100_000);
    expect((await box.ctl("models")).stdout).toMatch(/MODEL\s+TIER\s+STATUS\s+SIZE\s+PROVIDER\nscripted\s+local-small\s+available\s+[\d.]+ MB\s+local/);
  });

  it("answers /v1/chat/completions exactly, as JSON and as SSE", async () => {
    const res = await post("/v1/chat/completions", { model: "scripted", messages, max_tokens: 16 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.choices[0]).toMatchObject({ message: { role: "assistant", content: ANSWER }, finish_reason: "stop" });
    const sse = await post("/v1/chat/completions", { model: "scripted", messages, max_tokens: 16, stream: true });
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    let text = "";
    for await (const m of readSse(sse.body!)) if (m.data !== "[DONE]") text += JSON.parse(m.data).choices[0]?.delta?.content ?? "";
    expect(text).toBe(ANSWER);
    const models = (await (await fetch(`${base}/v1/models`, { headers: auth })).json()) as any;
    expect(models.data).toEqual([expect.objectContaining({ id: "aios" }), expect.objectContaining({ id: "scripted", object: "model", aios: expect.objectContaining({ tier: "local-small" }) })]);
  });

  it("answers an unknown model with 404 and a reason", async () => {
    const res = await post("/v1/chat/completions", { model: "nope", messages });
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.message).toContain("nope");
  });

  it("answers aiosctl ask with the answer and its provenance", async () => {
    const human = await box.ctl("ask", "how is the disk?");
    expect(human.code).toBe(0);
    const [answer, provenance] = human.stdout.trim().split("\n");
    expect(answer).toBe(ANSWER);
    expect(provenance).toMatch(/^\[local-small scripted \(sha256 [0-9a-f]{12}\), \d+→\d+ tokens, \d+ ms; tried reactive: unknown/);
    const json = JSON.parse((await box.ctl("ask", "--tier", "local-small", "--json", "how is the disk?")).stdout);
    expect(json).toMatchObject({ type: "question", agent: "aiosctl", outcome: "answered", tier: "local-small", modelId: "scripted", output: { kind: "text", content: ANSWER } });
    expect(json.attempts).toEqual([expect.objectContaining({ tier: "local-small", modelId: "scripted", outcome: "answered", modelSha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
  });

  it("pins aiosctl ask to a tier, and refuses an unknown one", async () => {
    const reactive = await box.ctl("ask", "--tier", "reactive", "how is the disk?");
    expect(reactive.code).toBe(1);
    expect(reactive.stderr).toContain("no answer");
    const bad = await box.ctl("ask", "--tier", "huge", "how is the disk?");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown tier "huge"');
    expect(bad.stderr).toContain("hint: use one of reactive, local-small");
  });

  it("answers free text on the console, and /models", async () => {
    // The console read the (empty) model list in the first test; its registry reads again after 5 s.
    let reply = "";
    while (!reply.includes(ANSWER)) {
      reply = await say("how is the disk?", "\n");
      if (!reply.includes(ANSWER)) await Bun.sleep(500);
    }
    expect(reply).toContain("local-small scripted");
    expect(await say("/models", "scripted")).toMatch(/scripted\s+local-small\s+(available|loaded)/);
    expect(await say("/nonsense", "unknown command")).toContain("unknown command /nonsense");
  });

  it("quarantines a broken file with its reason instead of serving it", async () => {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(`${box.modelsDir}/broken.gguf`, "not a model at all");
    const ls = JSON.parse((await box.ctl("models", "--json")).stdout) as { models: { id: string; status: string; reason?: string }[] };
    expect(ls.models.find((m) => m.id === "broken")).toMatchObject({ status: "quarantined", reason: expect.any(String) });
    const res = await post("/v1/chat/completions", { model: "broken", messages });
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error.message).toContain("quarantined");
  });
});

describe("with the runtime stopped", () => {
  beforeAll(async () => { await box.call("POST", "/v1/services/models/stop"); });

  it("answers /v1 with 503 and the reason", async () => {
    for (const res of [await fetch(`${base}/v1/models`, { headers: auth }), await post("/v1/chat/completions", { model: "scripted", messages: [{ role: "user", content: "a question not asked before" }] })]) {
      // (/v1 goes through the hierarchy: a question asked before is answered from its response cache.)
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { message: string; type: string } };
      expect(body.error.type).toBe("server_error");
      expect(body.error.message).toContain("model runtime");
    }
  });

  it("says so in aiosctl (exit 3) and on the console", async () => {
    const ls = await box.ctl("models");
    expect(ls.code).toBe(3);
    expect(ls.stdout).toContain("model runtime: down");
    expect(await say("is it still fine?", "no model configured")).toContain("model runtime is not running");
    expect(consoleProc.exitCode).toBeNull();
  });
});
