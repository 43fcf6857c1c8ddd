// Chat with a model, exactly: the project's scripted tiny GGUF (real llama.cpp in the real model
// runtime process) takes a request the router cannot place, calls disks.usage through the bridge as the
// maintenance agent, reads the result and answers — reached through aiosctl chat (a real process), the
// web console's POST /api/chat (real HTTP, SSE) and the chat console (a real pseudo-terminal), all
// talking to the front agent served on a unix socket as the agent host serves it. The audit chain links
// each model decision to the action it caused.
import type { Subprocess } from "bun";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { mountChat } from "../../../agents/host/chat-api.ts";
import { realWebDeps, webApp } from "../../../consoles/web/app.ts";
import { serveConsole, type ConsoleUnderTest } from "../consoles/https.ts";
import { createIntelligence, type IntelligenceStack } from "../../../runtime/models/index.ts";
import { frontRig, type FrontRig } from "../../fixtures/front-world.ts";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { bun, repo } from "../init/fixture.ts";
import { makeStateDir, type ModelFixture } from "../models/fixtures.ts";

const ANSWER = "All disks have room.";
const READ_CALL = JSON.stringify({ name: "disks_usage", arguments: {} });
const ANSWER_CALL = JSON.stringify({ name: "respond", arguments: { text: ANSWER } });
const ASK = "give me a haiku about this machine";

let fx: ModelFixture;
let intel: IntelligenceStack;
let rig: FrontRig;
let host: ReturnType<typeof Bun.serve>;
let web: ConsoleUnderTest;
let env: Record<string, string>;

beforeAll(async () => {
  fx = makeStateDir({ only: [] });
  writeFileSync(join(fx.modelsDir, "chat-read.gguf"), tinyLlama({ seed: 31, script: [READ_CALL], branch: { marker: "<tool_response>", script: [ANSWER_CALL] }, contextLength: 8192 }).bytes);
  writeFileSync(fx.configPath, readFileSync(fx.configPath, "utf8").replace("context_size = 256", "context_size = 8192"));
  intel = createIntelligence({ socketPath: fx.socketPath, stateDir: fx.stateDir, configPath: fx.configPath, secretsPath: join(fx.stateDir, "secrets.toml"), dbPath: join(fx.stateDir, "front.db"), spawnRuntime: true, policies: { chat: { highest: "local-small", cacheTtlMs: 0 } } });
  rig = frontRig(undefined, { ask: intel.ask });
  const app = new Hono();
  mountChat(app, rig.front, rig.goals, rig.context);
  const socket = join(rig.dir, "agents.sock");
  host = Bun.serve({ unix: socket, fetch: app.fetch });
  env = { ...(process.env as Record<string, string>), AIOS_AGENT_SOCKET: socket, AIOS_STATE_DIR: rig.dir, AIOS_CONFIG_DIR: rig.dir };
  process.env.AIOS_AGENT_SOCKET = socket;
  web = await serveConsole(webApp(realWebDeps("s3cret")));
}, 120_000);
afterAll(async () => { web?.server.stop(true); host?.stop(true); rig?.close(); await intel?.close(); delete process.env.AIOS_AGENT_SOCKET; });

type Ev = { type: string; tier?: string; model?: string; text?: string };

describe("chat with the scripted model through every way in", () => {
  it("aiosctl chat: the model reads disks.usage as the maintenance agent, then answers", async () => {
    const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", "chat", "--json", ASK], { env, stdio: ["ignore", "pipe", "pipe"] });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    expect(code, err).toBe(0);
    const ev = out.trim().split("\n").map((l) => JSON.parse(l) as Ev);
    expect(ev.filter((e) => e.type === "text").map((e) => e.text)).toEqual(["(read disks.usage as the maintenance agent)", ANSWER]);
    expect(ev.at(-1)).toMatchObject({ type: "done", tier: "local-small", model: "chat-read" });
  }, 120_000);

  it("POST /api/chat streams the same events as SSE", async () => {
    const res = await web.fetch(`${web.base}/api/chat`, { method: "POST", headers: { authorization: "Bearer s3cret", "content-type": "application/json" }, body: JSON.stringify({ text: ASK }) });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const body = await res.text();
    const ev = body.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)) as Ev);
    expect(ev.find((e) => e.type === "text" && e.text === ANSWER)).toBeDefined();
    expect(ev.at(-1)).toMatchObject({ type: "done", tier: "local-small" });
    expect((await web.fetch(`${web.base}/api/chat`, { method: "POST", headers: { authorization: "Bearer s3cret" }, body: "{}" })).status).toBe(400);
  }, 120_000);

  it("the chat console shows the answer and the tier that understood it", async () => {
    let screen = "";
    writeFileSync(`${env.AIOS_STATE_DIR}/setup.done`, ""); // setup is done: the chat prompt comes first
    const proc: Subprocess = Bun.spawn([bun, `${repo}/main.ts`, "console"], { env, terminal: { cols: 160, rows: 40, data: (_t, d) => { screen += new TextDecoder().decode(d); } } });
    try {
      while (!screen.includes("aios> ")) await Bun.sleep(20);
      const from = screen.length;
      proc.terminal!.write(`${ASK}\r`);
      while (!screen.slice(from).includes("[understood by")) await Bun.sleep(50);
      const shown = screen.slice(from);
      expect(shown).toContain(ANSWER);
      expect(shown).toContain("[understood by a small local model — local-small chat-read]");
    } finally { proc.kill("SIGKILL"); }
  }, 120_000);

  it("audits each model decision with its tier and the action it caused", () => {
    const entries = [...rig.ex.sys.audit.entries(1)];
    const call = entries.find((e) => e.kind === "tool.call" && e.subject === "disks.usage")!;
    const decision = entries.find((e) => e.kind === "decision" && e.actor === "agent:front" && (e.data as { actions?: number[] }).actions?.includes(call.seq));
    expect(decision?.data).toMatchObject({ tier: "local-small", model: "chat-read", cacheHit: false });
    expect(call.data).toMatchObject({ why: { decisionId: decision!.subject, tier: "local-small" } });
    const chat = entries.filter((e) => e.kind === "decision" && (e.data as { type?: string; tier?: string }).tier === "local-small" && e.subject.startsWith("chat:"));
    expect(chat.length).toBe(3);
  });
});
