// The model runtime exactly as the image runs it, on a host: the build steps make a scratch rootfs
// (compiled aios, the slim node_modules, the runtime bundle), then the command line, cwd and env of
// image/services/models.toml start it — with no model first, then with a scripted one.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Subprocess } from "bun";
import { makeContext } from "../../../build/context.ts";
import { loadSettings } from "../../../build/settings.ts";
import { compileAios, installNodeModules } from "../../../build/steps/aios.ts";
import { bundleModelRuntime } from "../../../build/steps/models.ts";
import { validateService } from "../../../init/spec/validate.ts";
import { RuntimeClient } from "../../../runtime/models/local/runtime-client.ts";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { repo } from "../init/fixture.ts";
import { ANSWER, SCRIPT } from "./fixture.ts";

const root = mkdtempSync(`${tmpdir()}/aios-img-`);
const state = `${root}/var/lib/aios`;
const socket = `${root}/m.sock`;
let proc: Subprocess<"ignore", "pipe", "pipe">;
let stdout = "";

beforeAll(async () => {
  const ctx = { ...makeContext(loadSettings(), repo), rootfs: root };
  mkdirSync(`${root}/usr/bin`, { recursive: true });
  await compileAios(ctx);
  await installNodeModules(ctx);
  await bundleModelRuntime(ctx);

  const spec = validateService("models", readFileSync(`${repo}/image/services/models.toml`, "utf8"), "models.toml");
  const inRoot = (p: string) => (p.startsWith("/usr/") ? `${root}${p}` : p);
  proc = Bun.spawn(spec.command.map(inRoot), {
    cwd: spec.cwd && inRoot(spec.cwd),
    // What init gives every service, then the service's own env (BUN_BE_BUN among it).
    env: { PATH: process.env.PATH!, HOME: "/root", LANG: "C.UTF-8", AIOS_STATE_DIR: state, ...spec.env, AIOS_MODEL_SOCKET: socket, AIOS_MODELS_CONFIG: `${root}/none.toml` },
    stdin: "ignore", stdout: "pipe", stderr: "pipe",
  });
  const reader = proc.stdout.getReader();
  while (!stdout.includes("ready ")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`runtime exited: ${await new Response(proc.stderr).text()}`);
    stdout += new TextDecoder().decode(value);
  }
});
afterAll(async () => {
  proc?.kill("SIGTERM");
  await proc?.exited;
  rmSync(root, { recursive: true, force: true });
});

it("starts from the image's service declaration with zero models, and makes the models folder", async () => {
  expect(stdout).toContain(`ready ${socket}`);
  const client = new RuntimeClient(socket);
  expect(await client.health()).toMatchObject({ ok: true });
  expect(await client.models()).toEqual([]);
  
  expect(existsSync(`${state}/models`)).toBe(true);
});

it("loads node-llama-cpp from /usr/lib/aios/node_modules and answers with a dropped-in model", async () => {
  await Bun.write(`${state}/models/scripted.gguf`, tinyLlama({ seed: 51, script: SCRIPT }).bytes);
  const client = new RuntimeClient(socket);
  expect((await client.models()).map((m) => [m.id, m.status])).toEqual([["scripted", "available"]]);
  const reply = await client.chat({ model: "scripted", messages: [{ role: "user", content: "how is the disk?" }], maxTokens: 16 });
  expect(reply.text).toBe(ANSWER);
});

it("stops on SIGTERM and removes its socket", async () => {
  proc.kill("SIGTERM");
  expect(await proc.exited).toBe(0);
  expect(await Bun.file(socket).exists()).toBe(false);
});
