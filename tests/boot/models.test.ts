// Boot test for the models area: the appliance boots with no model and says so, an operator copies a
// generated GGUF onto the state disk over ssh, and the same appliance then answers through the
// OpenAI-compatible /v1 API (JSON and SSE), aiosctl and the serial console — with the exact scripted
// text, and the official openai npm client. Also prints first-answer latency and tokens per second under emulation (report only).
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { consoleInput, safe } from "../../bench/campaigns/console/campaign.ts";
import { HELP_MARK, PROMPT } from "../../bench/campaigns/console/terminal.ts";
import { tinyLlama } from "../fixtures/gguf/tiny-llama.ts";
import { readSse } from "../../runtime/models/remote/sse.ts";
import OpenAI from "openai";
import { Vm } from "./vm.ts";
import { freePort, newDisk, out, scratch, ssh, webFetch } from "./helpers.ts";

const READY = /aios ready in ([\d.]+) s \((\d+) services[^)]*\)/;
const SCRIPT = ["The", " disk", " is", " fine"];
const ANSWER = SCRIPT.join("");

/** ssh with a file on stdin (the image has no scp). */
async function sshPut(port: number, file: string, command: string): Promise<number> {
  const p = Bun.spawn(["ssh", "-i", `${out}/ssh/aios_ed25519`, "-p", String(port), "-o", "StrictHostKeyChecking=no",
    "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "root@127.0.0.1", command],
    { stdin: Bun.file(file), stdout: "ignore", stderr: "inherit" });
  return p.exited;
}

describe("models in the appliance", () => {
  const dir = scratch();
  const sshPort = freePort();
  const webPort = freePort();
  const web = `https://127.0.0.1:${webPort}`;
  let vm: Vm;
  let token = "";
  const post = (body: unknown) => webFetch(`${web}/v1/chat/completions`, {
    method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body),
  });
  const models = async () => JSON.parse((await ssh(sshPort, "aiosctl models --json")).stdout) as { runtime: string; models: { id: string; tier: string; status: string; sizeBytes: number }[] };

  afterAll(() => vm?.kill());

  it("boots with the model runtime up and no model", async () => {
    vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort, webPort });
    await vm.start();
    const { match } = await vm.expect(READY, 300_000);
    console.log(`[models boot] aios ready in ${match[1]} s`);
    expect(match[0]).not.toContain("models failed");
    const st = JSON.parse((await ssh(sshPort, "aiosctl status models --json")).stdout) as { state: string };
    expect(st.state).toBe("ready");
    expect(await models()).toEqual({ runtime: "running", modelsDir: "/var/lib/aios/models", models: [], degraded: [] });
    expect(await vm.chat("is the disk full?")).toContain("used of"); // the front agent's reactive tier, no model needed
    token = (await ssh(sshPort, "aiosctl web-token")).stdout.trim();
    expect((await webFetch(`${web}/v1/models`)).status).toBe(401);
    const list = await webFetch(`${web}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toEqual(["aios"]); // the hierarchy's own id, always there
    // The OpenAI-compatible API answers too, through the same reactive tier, with no model installed.
    const fresh = await post({ model: "aios", messages: [{ role: "user", content: "is the disk full?" }] });
    expect(fresh.status, await fresh.clone().text()).toBe(200);
    expect(((await fresh.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toContain("used of");
  });

  it("serves a GGUF copied in over ssh through /v1, aiosctl and the console", async () => {
    mkdirSync(`${dir}/m`, { recursive: true });
    writeFileSync(`${dir}/m/scripted.gguf`, tinyLlama({ seed: 31, script: SCRIPT }).bytes);
    writeFileSync(`${dir}/m/babble.gguf`, tinyLlama({ seed: 32 }).bytes);
    // Written beside the folder's *.gguf pattern, then renamed: the runtime never sees half a file.
    for (const name of ["scripted", "babble"]) {
      expect(await sshPut(sshPort, `${dir}/m/${name}.gguf`, `cat > /var/lib/aios/models/${name}.part && mv /var/lib/aios/models/${name}.part /var/lib/aios/models/${name}.gguf`)).toBe(0);
    }
    const listed = await models();
    expect(listed.models.map((m) => [m.id, m.tier, m.status])).toEqual([["babble", "local-small", "available"], ["scripted", "local-small", "available"]]);
    expect(listed.models[1]!.sizeBytes).toBeGreaterThan(100_000);

    const messages = [{ role: "user", content: "how is the disk?" }];
    let t0 = performance.now();
    const first = await post({ model: "scripted", messages, max_tokens: 16 });
    const firstMs = performance.now() - t0;
    expect(first.status, first.status === 200 ? "" : await first.clone().text()).toBe(200);
    const body = (await first.json()) as { choices: { message: { content: string }; finish_reason: string }[] };
    expect(body.choices[0]).toMatchObject({ message: { content: ANSWER }, finish_reason: "stop" });

    t0 = performance.now();
    const streamed = await post({ model: "scripted", messages, max_tokens: 16, stream: true });
    let text = "";
    let ttftMs = 0;
    for await (const m of readSse(streamed.body!)) {
      if (m.data === "[DONE]") break;
      const piece = (JSON.parse(m.data) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? "";
      if (piece && !ttftMs) ttftMs = performance.now() - t0;
      text += piece;
    }
    expect(text).toBe(ANSWER);

    // The official openai client against the booted appliance: models, chat, streaming, embeddings
    // (tool calls through the SDK are tests/integration/models/openai-sdk.test.ts, with a scripted caller).
    const sdk = new OpenAI({ baseURL: `${web}/v1`, apiKey: token, fetch: webFetch as unknown as typeof fetch }); // the appliance's self-signed certificate
    expect((await sdk.models.list()).data.map((m) => m.id)).toEqual(expect.arrayContaining(["aios", "scripted", "babble"]));
    const viaSdk = await sdk.chat.completions.create({ model: "scripted", messages: [{ role: "user", content: "how is the disk?" }], max_tokens: 16 });
    expect(viaSdk.choices[0]!.message.content).toBe(ANSWER);
    let sdkText = "";
    for await (const chunk of await sdk.chat.completions.create({ model: "scripted", messages: [{ role: "user", content: "and now?" }], max_tokens: 16, stream: true })) sdkText += chunk.choices[0]?.delta?.content ?? "";
    expect(sdkText).toBe(ANSWER);
    const emb = await sdk.embeddings.create({ model: "scripted", input: ["the disk"] });
    expect(emb.data[0]!.embedding.length).toBeGreaterThan(0);

    // Throughput on the unscripted model: it babbles until max_tokens (or its end token).
    const runs: { tokens: number; ms: number }[] = [];
    for (let i = 0; i < 4; i++) {
      t0 = performance.now();
      const r = (await (await post({ model: "babble", messages: [{ role: "user", content: `say something ${i}` }], max_tokens: 128 })).json()) as { usage: { completion_tokens: number } };
      runs.push({ tokens: r.usage.completion_tokens, ms: performance.now() - t0 });
    }
    const steady = runs.slice(1);
    const tps = steady.reduce((s, r) => s + r.tokens, 0) / (steady.reduce((s, r) => s + r.ms, 0) / 1000);
    console.log(`[models boot] /v1 first answer (load + generate) ${firstMs.toFixed(0)} ms; SSE first token ${ttftMs.toFixed(0)} ms; ` +
      `babble ${runs.map((r) => `${r.tokens} tok/${r.ms.toFixed(0)} ms`).join(", ")}; steady ${tps.toFixed(0)} tok/s end to end`);

    const ctl = await ssh(sshPort, `aiosctl ask --tier local-small --json 'how is the disk?'`);
    expect(ctl.code).toBe(0);
    const decision = JSON.parse(ctl.stdout) as { outcome: string; tier: string; output: { content: string }; attempts: { modelId: string; modelSha256?: string }[] };
    expect(decision).toMatchObject({ outcome: "answered", tier: "local-small", output: { content: expect.any(String) } });
    expect(decision.attempts.at(-1)!.modelSha256).toMatch(/^[0-9a-f]{64}$/);

    // The console asks the hierarchy: with two local-small models the first usable one answers; keep
    // only the scripted one so the console's answer is exact.
    // (the console's registry last read the list minutes ago, at the no-model question: it reads again)
    await ssh(sshPort, "rm /var/lib/aios/models/babble.gguf");
    const chat = await vm.chat("/ask how is the disk?", 120_000); // straight to the hierarchy, as aiosctl ask
    expect(chat).toContain(ANSWER);
    expect(chat).toContain("local-small scripted");
    expect(await vm.chat("/models")).toMatch(/scripted\s+local-small\s+(available|loaded)/);
  });

  // A sample of the console campaign (bench/campaigns/console) through the VM's serial port, in this
  // suite's VM (a boot of its own cost CI half a minute): generated inputs (garbage, escape sequences,
  // control keys, lines past the guest tty's 4095-byte canonical limit; none over 8 KB, since the line
  // runs at 115200 baud) go to the console on ttyS0, which must answer `help` after each one. A ^D at
  // the start of a line ends the console by design (end of file); init starts it again, and it must
  // answer then too.
  it("answers help on the serial console after every generated input", async () => {
    await vm.chat("help", 120_000);
    const inputs = fc.sample(consoleInput.filter(safe).filter((i) => i.length <= 8192), { numRuns: 4, seed: 12 })
      .map((i) => (typeof i === "string" ? i : new TextDecoder().decode(i)));
    let answered = 0;
    for (const input of inputs) {
      const at = vm.send(`${input}\x11\r\rhelp`);
      // Asked twice: a y/n question from the front agent, or a console restarting after ^D, takes the first.
      const ok = await vm.expect(new RegExp(`${HELP_MARK}[^]*${PROMPT}`), 60_000, at).then(() => true, () => false)
        || await vm.expect(new RegExp(`${HELP_MARK}[^]*${PROMPT}`), 60_000, vm.send("help")).then(() => true, () => false);
      if (ok) answered++;
    }
    expect(answered).toBe(inputs.length);
  });

  it("powers off cleanly", async () => {
    await ssh(sshPort, "aiosctl poweroff");
    expect(await vm.waitExit(120_000)).toBe(0);
  });
});
