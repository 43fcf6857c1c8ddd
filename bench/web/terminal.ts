// Web terminal keystroke echo latency: one key typed, until its echo comes back, p50/p99 over N keys,
// on three paths measured in the same run against the same shell (bash -l on Bun's PTY):
//   pty       — this process writes to the PTY and reads the echo (the baseline: no sockets)
//   executor  — WebSocket over the executor's web unix socket (a separate process owns the PTY)
//   web       — the browser's path: WSS to the web console (its own process), relayed to the executor
// Usage: bun bench/web/terminal.ts [keys=300]
import type { Subprocess } from "bun";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { spawnPty } from "../../runtime/proc/exec.ts";
import { SHELL, WHO_HEADER } from "../../agents/host/executor/terminal.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const bun = `${repo}node_modules/.bin/bun`;
const N = Number(process.argv[2] ?? 300);
const dir = mkdtempSync(`${tmpdir()}/aios-bench-term-`);
const env = { ...process.env, AIOS_STATE_DIR: dir, AIOS_RUN_DIR: `${dir}/run`, AIOS_CONFIG_DIR: `${dir}/etc`, AIOS_EXECUTOR_WEB_SOCKET: `${dir}/executor-web.sock` } as Record<string, string>;
const procs: Subprocess[] = [];
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]!; };

async function stub(role: string): Promise<string> {
  const p = Bun.spawn([bun, `${repo}bench/web/terminal-stub.ts`, role, dir], { env, stdio: ["ignore", "pipe", "inherit"] });
  procs.push(p);
  const reader = p.stdout.getReader();
  let out = "";
  while (!out.includes("\n")) { const { value, done } = await reader.read(); if (done) throw new Error(`${role} stub died`); out += new TextDecoder().decode(value); }
  return out.trim();
}

/** A terminal seen as bytes in and bytes out; measures key → echo. */
interface Wire { send(bytes: Uint8Array): void; screen: () => string; close(): void }

async function measure(name: string, w: Wire): Promise<number[]> {
  const until = async (text: string, from: number) => { while (!w.screen().slice(from).includes(text)) await Bun.sleep(0); };
  const enc = new TextEncoder();
  w.send(enc.encode("PS1='$ '\r"));
  await until("$ ", w.screen().length);
  await Bun.sleep(200);
  const ms: number[] = [];
  for (let i = 0; i < N + 20; i++) {
    const from = w.screen().length;
    const t0 = performance.now();
    w.send(enc.encode("k"));
    await until("k", from);
    if (i >= 20) ms.push(performance.now() - t0); // the first keys warm up
    if (i % 40 === 39) { w.send(enc.encode("\x15")); await Bun.sleep(5); } // ^U clears the line
  }
  w.close();
  console.log(`${name.padEnd(9)} p50 ${pct(ms, 0.5).toFixed(3)} ms  p99 ${pct(ms, 0.99).toFixed(3)} ms`);
  return ms;
}

function ptyWire(): Wire {
  let screen = "";
  const pty = spawnPty(SHELL, { cols: 80, rows: 24, data: (b) => { screen += new TextDecoder().decode(b); } });
  return { send: (b) => pty.write(b), screen: () => screen, close: () => pty.hangup() };
}

async function wsWire(url: string, opts: Bun.WebSocketOptions): Promise<Wire> {
  let screen = "";
  const ws = new WebSocket(url, opts as unknown as string[]) /* Bun's options; the client pages' DOM lib types the constructor */;
  ws.binaryType = "arraybuffer";
  ws.onmessage = (e) => { if (typeof e.data !== "string") screen += new TextDecoder().decode(e.data as ArrayBuffer); };
  await new Promise((res, rej) => { ws.onopen = res; ws.onerror = () => rej(new Error(`cannot open ${url}`)); });
  return { send: (b) => ws.send(b), screen: () => screen, close: () => ws.close() };
}

try {
  await stub("executor");
  const [, port, certPath] = (await stub("web")).split(" ");
  const base = `https://127.0.0.1:${port}`;
  const ca = readFileSync(certPath!, "utf8");
  const login = await fetch(`${base}/login`, { method: "POST", redirect: "manual", tls: { ca }, headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ name: "", password: "bench-token" }) } as RequestInit);
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const { csrf } = (await (await fetch(`${base}/api/session`, { headers: { cookie }, tls: { ca } } as RequestInit)).json()) as { csrf: string };

  console.log(`keystroke echo, ${N} keys each, bash -l on Bun's PTY (${process.arch}, ${navigator.hardwareConcurrency} CPUs)`);
  const pty = await measure("pty", ptyWire());
  const exec = await measure("executor", await wsWire(`ws+unix://${dir}/executor-web.sock:/v1/terminal?cols=80&rows=24`, { headers: { [WHO_HEADER]: "user:web/bench@127.0.0.1", "x-aios-role": "admin" } }));
  const web = await measure("web", await wsWire(`${base.replace("https", "wss")}/api/terminal?cols=80&rows=24`, { protocols: ["aios.terminal", `csrf.${csrf}`], headers: { cookie, origin: base }, tls: { ca } }));
  const p50 = (xs: number[]) => pct(xs, 0.5);
  console.log(`ratios (p50): executor/pty ${(p50(exec) / p50(pty)).toFixed(2)}x, web/pty ${(p50(web) / p50(pty)).toFixed(2)}x; the web hop adds ${(p50(web) - p50(exec)).toFixed(3)} ms, the executor hop ${(p50(exec) - p50(pty)).toFixed(3)} ms`);
} finally {
  for (const p of procs) p.kill();
  await Promise.all(procs.map((p) => p.exited));
  rmSync(dir, { recursive: true, force: true });
}
