// The soak campaign's load on this host, without a VM: the real `aios init` (from source) supervising
// the real executor, agent host and web console (their own processes, SQLite files and sockets in a
// scratch folder), driven with the soak's request mix thousands of times, and each process's heap
// measured after a full GC at the start (after a warm-up) and at each quarter: does retained memory
// climb with requests (a leak) or settle (a heap warming up)?
//
// Each service runs with heap-probe.ts preloaded: SIGUSR2 makes it Bun.gc(true) and write bun:jsc's
// heapStats() (bytes, objects, objects per type) and its RSS. The mix per round, as guest.sh and
// campaign.ts make it: on the agent host's socket (as aiosctl does) POST /v1/chat "how is the disk?",
// GET /v1/agents, GET /v1/incidents; on the executor's agent socket a disks.usage call as the monitor
// agent; init's logs of a chatty service (-n 200); on the web console over HTTPS with the Bearer token
// GET /api/status, /api/agents, /api/incidents, /api/samples, /metrics and POST /v1/chat/completions
// (model `aios`: no model is installed, so the front agent's reactive router answers).
//
// Usage: bun bench/campaigns/soak/host-heap.ts [rounds=2000] [warmup=200]
//   AIOS_HEAP_ONLY=<regex> keeps only the requests whose name matches, e.g. 'agents POST /v1/chat$';
//   AIOS_HEAP_PAUSE_MS=<ms> pauses after each round (AIOS_HEAP_ONLY=none AIOS_HEAP_PAUSE_MS=75: no load, the control).
// Prints per process: requests, heap after GC / objects / RSS at start and at each quarter, growth from
// the first quarter to the end, and the object types that grew most.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { InitUnderTest, bun, repo } from "../../../tests/integration/init/fixture.ts";
import { compileImageAgents } from "../../../agents/spec/image.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { initSamples, insertSample } from "../../../runtime/metrics/samples.ts";
import { webFetch } from "../../../tests/boot/helpers.ts";
import { webToken } from "../../../consoles/web/token.ts";

const rounds = Number(process.argv[2] ?? 2000);
const warmup = Number(process.argv[3] ?? 200);
const probe = new URL("heap-probe.ts", import.meta.url).pathname;

interface Heap { pid: number; rss: number; heapSize: number; objectCount: number; protectedObjectCount: number; extraMemorySize: number; objectTypeCounts: Record<string, number> }

const port = 20000 + Math.floor(Math.random() * 20000);
// Placeholder services to learn init's folder; the real ones are written below once it is known.
const init = new InitUnderTest({});
const dir = init.dir;
const probes = `${dir}/heap`;
mkdirSync(probes);
mkdirSync(`${dir}/etc`, { recursive: true });
mkdirSync(`${dir}/run`, { recursive: true });
writeFileSync(`${dir}/etc/agents.json`, JSON.stringify(compileImageAgents(`${repo}/image/agents`)));
const env: Record<string, string> = {
  AIOS_STATE_DIR: dir, AIOS_CONFIG_DIR: `${dir}/etc`, AIOS_RUN_DIR: `${dir}/run`, AIOS_CONTROL_READ: init.readSocket,
  AIOS_WEB_PORT: String(port), AIOS_WEB_BIND: "127.0.0.1", AIOS_HEAP_PROBE_DIR: probes, AIOS_SETTLE_MS: "0",
};
Object.assign(process.env, env);
const envToml = `{ ${Object.entries(env).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(", ")} }`;
const svc = (role: string[], extra = "") => `command = ${JSON.stringify([bun, "--preload", probe, `${repo}/main.ts`, ...role])}\nenv = ${envToml}\nready = { notify = true, timeout_ms = 120000 }\n${extra}`;
const services: Record<string, string> = {
  executor: svc(["executor"]),
  agents: svc(["agents"], `depends_on = ["executor"]\n`),
  // user: the console reports readiness on the read-only socket, which only services run as a user may.
  web: svc(["web"], `depends_on = ["agents"]\nuser = "root"\n`),
  chatty: `command = ["/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo \\"soak line $i: the quick brown fox jumps over the lazy dog\\"; sleep 0.05; done"]\n`,
};
const measured = ["executor", "agents", "web"];
const { orderServices } = await import("../../../init/spec/compile.ts");
const { validateService } = await import("../../../init/spec/validate.ts");
writeFileSync(`${dir}/services.json`, JSON.stringify({ version: 1, services: orderServices(Object.entries(services).map(([id, t]) => validateService(id, t, `${id}.toml`))) }));

// The state database with an hour of samples (the dashboard's /api/samples and /api/status read it).
{
  const db = openDatabase(`${dir}/aios.db`);
  initSamples(db);
  const now = Date.now();
  for (let i = 60; i >= 1; i--) insertSample(db, { ts: now - i * 60_000, boot_id: "b1", cpu_pct: 10, load1: 0.2, mem_total: 2 << 30, mem_used: 1 << 30, disk_total: 8 << 30, disk_used: 3 << 30, net_rx: i, net_tx: i });
  db.close();
}

await init.start();
try {
let giveUp: Parameters<typeof clearTimeout>[0];
const ready = await Promise.race([
  init.until(() => init.status(), (st) => measured.every((n) => st.services.find((s) => s.name === n)?.state === "ready")),
  new Promise<undefined>((resolve) => { giveUp = setTimeout(resolve, 180_000); }),
]);
clearTimeout(giveUp);
if (!ready) {
  console.error("the services did not all become ready:", JSON.stringify((await init.status()).services.map((s) => [s.name, s.state, s.reason])));
  for (const n of measured) console.error(n, JSON.stringify(await init.call("GET", `/v1/logs?service=${n}&n=30`)).slice(0, 3000));
  throw new Error("the services did not all become ready");
}
const token = webToken(); // made on first use, here or by the console
const auth = { authorization: `Bearer ${token}` };
const agentSock = `${dir}/run/agents/agents.sock`;
const execSock = `${dir}/run/executor.sock`;
const base = `https://127.0.0.1:${port}`;

const counts = new Map<string, number>();
const statuses = new Map<string, number>();
const count = (proc: string) => counts.set(proc, (counts.get(proc) ?? 0) + 1);
/** AIOS_HEAP_ONLY=<regex>: only the requests whose name matches (to find which one retains memory). */
const only = process.env.AIOS_HEAP_ONLY ? new RegExp(process.env.AIOS_HEAP_ONLY) : undefined;
/** AIOS_HEAP_PAUSE_MS: a pause after each round; with AIOS_HEAP_ONLY=none, the control (what time alone does: the agents' cycles). */
const pauseMs = Number(process.env.AIOS_HEAP_PAUSE_MS ?? 0);
async function req(proc: string, name: string, p: () => Promise<Response>): Promise<void> {
  if (only && !only.test(name)) return;
  count(proc);
  try {
    const r = await p();
    await r.arrayBuffer();
    const k = `${name} ${r.status}`;
    statuses.set(k, (statuses.get(k) ?? 0) + 1);
  } catch (err) {
    const k = `${name} failed: ${(err as Error).message.slice(0, 60)}`;
    statuses.set(k, (statuses.get(k) ?? 0) + 1);
  }
}
const unix = (socket: string, path: string, init: RequestInit = {}) => fetch(`http://localhost${path}`, { ...init, unix: socket } as RequestInit);
const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function round(): Promise<void> {
  // Inside the appliance (guest.sh, as aiosctl sends them).
  await req("agents", "agents POST /v1/chat", () => unix(agentSock, "/v1/chat", json({ text: "how is the disk?", who: "user:root@soak" })));
  await req("executor", "executor POST /v1/call disks.usage", () => unix(execSock, "/v1/call", json({ agent: "monitor", tool: "disks.usage", input: {}, why: { reason: "soak", tier: "reactive" } })));
  await req("agents", "agents GET /v1/agents", () => unix(agentSock, "/v1/agents"));
  await req("agents", "agents GET /v1/incidents", () => unix(agentSock, "/v1/incidents?limit=50"));
  await req("init", "init GET /v1/logs chatty", () => unix(init.socket, "/v1/logs?service=chatty&n=200"));
  // From outside (campaign.ts).
  for (const path of ["/api/status", "/api/agents", "/api/incidents", "/api/samples", "/metrics"]) await req("web", `web GET ${path}`, () => webFetch(`${base}${path}`, { headers: auth }));
  await req("web", "web POST /v1/chat/completions", () => webFetch(`${base}/v1/chat/completions`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ model: "aios", messages: [{ role: "user", content: "how is the memory?" }] }) }));
  if (pauseMs) await Bun.sleep(pauseMs);
}

async function pids(): Promise<Record<string, number>> {
  const st = await init.status();
  return Object.fromEntries(measured.map((n) => [n, st.services.find((s) => s.name === n)?.pid ?? 0]));
}

async function snapshot(): Promise<Record<string, Heap>> {
  const out: Record<string, Heap> = {};
  const started = Date.now();
  for (const [name, pid] of Object.entries(await pids())) {
    const file = `${probes}/${name}.json`;
    const before = existsSync(file) ? statSync(file).mtimeMs : 0;
    process.kill(pid, "SIGUSR2");
    while (!existsSync(file) || statSync(file).mtimeMs === before) {
      if (Date.now() - started > 30_000) throw new Error(`${name} (pid ${pid}) wrote no heap probe`);
      await Bun.sleep(20);
    }
    out[name] = JSON.parse(readFileSync(file, "utf8"));
  }
  return out;
}

const kib = (b: number) => Math.round(b / 1024);
const pct = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)}%`;

  const t0 = performance.now();
  for (let i = 0; i < warmup; i++) await round();
  const points: { label: string; rounds: number; heap: Record<string, Heap>; requests: Record<string, number> }[] = [];
  points.push({ label: "start", rounds: 0, heap: await snapshot(), requests: Object.fromEntries(counts) });
  const startPids = await pids();
  for (let q = 1; q <= 4; q++) {
    const until = Math.round((rounds * q) / 4);
    for (let i = points.at(-1)!.rounds; i < until; i++) await round();
    points.push({ label: `q${q}`, rounds: until, heap: await snapshot(), requests: Object.fromEntries(counts) });
    console.error(`  ${until}/${rounds} rounds, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const endPids = await pids();
  console.log(`host heap soak: ${rounds} rounds after ${warmup} warm-up, ${((performance.now() - t0) / 1000).toFixed(0)} s; requests per process: ${JSON.stringify(Object.fromEntries(counts))}`);
  console.log(`answers: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  for (const n of measured) {
    const restarted = startPids[n] !== endPids[n] ? ` RESTARTED (pid ${startPids[n]} → ${endPids[n]})` : "";
    const served = (points.at(-1)!.requests[n] ?? 0) - (points[0]!.requests[n] ?? 0);
    console.log(`\n${n}: ${served} requests measured${restarted}`);
    console.log("  point   rounds  heap after GC (KiB)  objects   protected  extra (KiB)  RSS (KiB)");
    for (const p of points) {
      const h = p.heap[n]!;
      console.log(`  ${p.label.padEnd(6)} ${String(p.rounds).padStart(7)}  ${String(kib(h.heapSize)).padStart(19)}  ${String(h.objectCount).padStart(7)}  ${String(h.protectedObjectCount).padStart(10)}  ${String(kib(h.extraMemorySize)).padStart(11)}  ${String(kib(h.rss)).padStart(9)}`);
    }
    const q1 = points[1]!.heap[n]!, end = points.at(-1)!.heap[n]!, start = points[0]!.heap[n]!;
    console.log(`  growth q1 → end: heap ${pct(q1.heapSize, end.heapSize)}, objects ${pct(q1.objectCount, end.objectCount)}, RSS ${pct(q1.rss, end.rss)}; start → end: heap ${pct(start.heapSize, end.heapSize)}, objects ${pct(start.objectCount, end.objectCount)}, RSS ${pct(start.rss, end.rss)}`);
    const grew = Object.keys({ ...start.objectTypeCounts, ...end.objectTypeCounts })
      .map((t) => ({ t, q1: q1.objectTypeCounts[t] ?? 0, d: (end.objectTypeCounts[t] ?? 0) - (start.objectTypeCounts[t] ?? 0), d2: (end.objectTypeCounts[t] ?? 0) - (q1.objectTypeCounts[t] ?? 0) }))
      .filter((x) => x.d > 0).sort((a, b) => b.d - a.d).slice(0, 8);
    console.log(`  most grown object types (start → end, q1 → end): ${grew.map((x) => `${x.t} +${x.d} (+${x.d2})`).join(", ") || "none"}`);
  }
  if (process.env.AIOS_HEAP_JSON) writeFileSync(process.env.AIOS_HEAP_JSON, JSON.stringify({ rounds, warmup, counts: Object.fromEntries(counts), points }));
} finally {
  await init.stop();
  if (!process.env.AIOS_HEAP_KEEP) rmSync(dir, { recursive: true, force: true });
}
