// Idle cost of an agent's cycle (observe() + every detector), per agent: CPU ms per cycle from
// process.cpuUsage() and commands spawned per cycle (a counting Runner around realRunner), against a
// trivial reference cycle measured in the same run (reading /proc/meminfo once), so the ratios mean
// something across machines. One function per agent; each runs against this host as it is.
//  - network: the real host (it only reads), its image settings.
//  - monitor: its real observers; init's status from a small stand-in on a unix socket (a dozen ready
//    services, served in this process, so its HTTP work counts as the executor's would), an hour of
//    samples in a temp database for the forecast.
// Usage: bun bench/agents/observe-cost.ts [cycles=50] [pause_ms=200]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { parse } from "smol-toml";
import type { AgentContext, AgentModule, Memo } from "../../agents/loop/types.ts";
import { openDatabase } from "../../runtime/db/open.ts";
import { initSamples, insertSample } from "../../runtime/metrics/samples.ts";
import { realRunner, type Runner } from "../../runtime/proc/exec.ts";

const CYCLES = Number(process.argv[2] ?? 50);
/** Real pause between cycles (not counted): back to back, this process alone would keep a core busy. */
const PAUSE_MS = Number(process.argv[3] ?? 200);
const dir = mkdtempSync(`${tmpdir()}/aios-bench-observe-`);

class MapMemo implements Memo {
  readonly map = new Map<string, string>();
  get<T>(k: string): T | undefined { const v = this.map.get(k); return v === undefined ? undefined : (JSON.parse(v) as T); }
  set(k: string, v: unknown): void { this.map.set(k, JSON.stringify(v)); }
}

function countingRunner(): Runner & { spawned: string[] } {
  const spawned: string[] = [];
  return { spawned, run: (argv, opts) => { spawned.push(argv.join(" ")); return realRunner.run(argv, opts); } };
}

const settingsOf = (name: string) =>
  ((parse(readFileSync(new URL(`../../image/agents/${name}.toml`, import.meta.url), "utf8")) as { settings?: Record<string, unknown> }).settings ?? {});

interface Cost { cpuMs: number; childMs: number; spawns: number; commands: Map<string, number> }

/** CPU ms of this process's reaped children (cutime + cstime from /proc/self/stat): what spawns cost. */
function childrenMs(): number {
  const text = readFileSync("/proc/self/stat", "utf8");
  const f = text.slice(text.lastIndexOf(")") + 2).split(" "); // f[0] = field 3
  return (Number(f[16 - 3]) + Number(f[17 - 3])) * 10;
}

/** Runs `cycles` cycles `intervalMs` apart in simulated time (ctx.now advances), PAUSE_MS apart in real time. */
async function measure<O>(agent: AgentModule<O>, settings: Record<string, unknown>, intervalMs: number, cycles = CYCLES): Promise<Cost> {
  const runner = countingRunner();
  const memo = new MapMemo();
  const history: O[] = [];
  let now = Date.now();
  const cycle = async () => {
    const ctx: AgentContext = { now, settings, runner, root: "/", memo };
    const obs = await agent.observe(ctx);
    for (const d of agent.detectors) d.detect(obs, { ...ctx, history });
    history.push(obs);
    if (history.length > 60) history.shift();
    now += intervalMs;
  };
  await cycle(); await cycle(); // warm up: first readings, JIT
  runner.spawned.length = 0;
  const t0 = process.cpuUsage(), c0 = childrenMs();
  let paused = { user: 0, system: 0 }, pausedChildren = 0;
  for (let i = 0; i < cycles; i++) {
    await cycle();
    const p0 = process.cpuUsage(), pc = childrenMs();
    await Bun.sleep(PAUSE_MS);
    const p = process.cpuUsage(p0);
    paused = { user: paused.user + p.user, system: paused.system + p.system };
    pausedChildren += childrenMs() - pc;
  }
  const d0 = process.cpuUsage(t0), children = childrenMs() - c0 - pausedChildren;
  const d = { user: d0.user - paused.user, system: d0.system - paused.system };
  const commands = new Map<string, number>();
  for (const c of runner.spawned) commands.set(c, (commands.get(c) ?? 0) + 1);
  return { cpuMs: (d.user + d.system) / 1000 / cycles, childMs: children / cycles, spawns: runner.spawned.length / cycles, commands };
}

function reference(n = 2000): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) readFileSync("/proc/meminfo", "utf8");
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / n;
}

async function monitor(): Promise<Cost> {
  const { monitorAgent } = await import("../../agents/monitor/index.ts");
  const socket = `${dir}/init.sock`;
  const services = Array.from({ length: 12 }, (_, i) => ({
    name: `svc${i}`, description: "", kind: "longrun", state: "ready", pid: i === 0 ? 1 : process.pid, uptime_s: 3600,
    restarts: 0, reason: null, last_exit: null,
  }));
  const server = Bun.serve({ unix: socket, fetch: () => Response.json({ boot: { uptime_s: 3600, ready: true, state_device: "", pid1: true }, services }) });
  const db = openDatabase(`${dir}/aios.db`);
  initSamples(db);
  const now = Date.now();
  for (let i = 720; i >= 0; i--) {
    insertSample(db, { ts: now - i * 5000, boot_id: "b", cpu_pct: 1, load1: 0.1, mem_total: 4e9, mem_used: 1e9, disk_total: 10e9, disk_used: 5e9, net_rx: 0, net_tx: 0 });
  }
  try {
    const s = settingsOf("monitor");
    return await measure(monitorAgent({ samples: () => db }), { ...s, control_socket: socket }, 5000);
  } finally { server.stop(true); db.close(); }
}

async function network(): Promise<Cost> {
  const { agent } = await import("../../agents/network/index.ts");
  return await measure(agent, settingsOf("network"), 15_000);
}

const AGENTS: Record<string, () => Promise<Cost>> = { monitor, network };

try {
  const ref = reference();
  console.log(`reference (read /proc/meminfo once): ${(ref * 1000).toFixed(1)} µs CPU; ${CYCLES} cycles per agent`);
  console.log("agent      CPU ms/cycle   ×reference   children ms   spawns/cycle   commands (per cycle)");
  for (const [name, run] of Object.entries(AGENTS)) {
    const c = await run();
    const cmds = [...c.commands].map(([k, n]) => `${k.split(" ").slice(0, 3).join(" ")} ×${(n / CYCLES).toFixed(2)}`).join(", ");
    console.log(`${name.padEnd(10)} ${c.cpuMs.toFixed(2).padStart(12)} ${Math.round(c.cpuMs / ref).toString().padStart(12)} ${c.childMs.toFixed(2).padStart(13)} ${c.spawns.toFixed(2).padStart(14)}   ${cmds || "-"}`);
  }
} finally { rmSync(dir, { recursive: true, force: true }); }
