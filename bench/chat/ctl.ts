// `aiosctl chat` on the reactive tier through the compiled binary, process start included, against a
// front agent served on a unix socket exactly as the agent host serves it (the real executor, tool
// registry and audit on SQLite files). Baselines measured in the same run: the same binary's
// `aios ctl --help` (process start + argument parsing, nothing else) and the same request in-process.
// bun bench/chat/ctl.ts [--rounds 20]
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { mountChat } from "../../agents/host/chat-api.ts";
import { frontRig } from "../../tests/fixtures/front-world.ts";

const rounds = Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 20;
const repo = join(import.meta.dir, "../..");
let bin = join(repo, "out/rootfs/usr/bin/aios");
if (!existsSync(bin)) {
  bin = "/tmp/aios-bench-ctl";
  const b = Bun.spawnSync(["bun", "build", "--compile", join(repo, "main.ts"), "--outfile", bin], { stdout: "ignore", stderr: "inherit" });
  if (b.exitCode !== 0) throw new Error("could not compile the aios binary");
}

const rig = frontRig();
const app = new Hono();
app.onError((err, c) => c.json({ error: err.message }, 400));
mountChat(app, rig.front, rig.goals, rig.context);
const socket = join(rig.dir, "agents.sock");
const server = Bun.serve({ unix: socket, fetch: app.fetch });
const env = { ...process.env, AIOS_AGENT_SOCKET: socket, AIOS_STATE_DIR: rig.dir };

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
async function time(argv: string[]): Promise<number> {
  const t = performance.now();
  const p = Bun.spawn(argv, { env, stdout: "pipe", stderr: "pipe" });
  const out = await new Response(p.stdout).text();
  if ((await p.exited) !== 0) throw new Error(`${argv.join(" ")} failed: ${await new Response(p.stderr).text()}`);
  if (argv.includes("chat") && !out.includes("understood by")) throw new Error(`no answer: ${out}`);
  return performance.now() - t;
}

const QUESTIONS = ["why is the disk full?", "what changed since yesterday?", "what's eating memory?"];
const start: number[] = [], chat: number[] = [], inproc: number[] = [];
await time([bin, "ctl", "chat", QUESTIONS[0]!]); // warm the page cache
for (let i = 0; i < rounds; i++) {
  start.push(await time([bin, "ctl", "--help"]));
  chat.push(await time([bin, "ctl", "chat", QUESTIONS[i % QUESTIONS.length]!]));
  const t = performance.now();
  await rig.say(QUESTIONS[i % QUESTIONS.length]!);
  inproc.push(performance.now() - t);
}
server.stop(true);
rig.close();
const f = (x: number) => `${x.toFixed(1)} ms`;
console.log(`aiosctl chat (compiled, reactive tier, ${rounds} rounds): p50 ${f(pct(chat, 0.5))}, p90 ${f(pct(chat, 0.9))}  (goal p50 <= 150 ms)`);
console.log(`  baseline aios ctl --help (process start): p50 ${f(pct(start, 0.5))}  -> chat costs ${(pct(chat, 0.5) / pct(start, 0.5)).toFixed(2)}x a bare start`);
console.log(`  the same requests in-process (front agent only): p50 ${f(pct(inproc, 0.5))}  -> ${((pct(inproc, 0.5) / pct(chat, 0.5)) * 100).toFixed(0)} % of the chat time is the answer itself`);
