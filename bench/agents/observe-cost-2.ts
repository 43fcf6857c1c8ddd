// Per-cycle cost of the security, package and maintenance agents' observe()+detect on this host,
// read-only: CPU ms per cycle (process.cpuUsage for this process; children's CPU from /proc/self/stat), and commands spawned per cycle through a counting Runner around realRunner.
// A trivial reference cycle (one read of /proc/meminfo) measured in the same run gives ratios that
// carry over to a slower machine (the appliance under emulation). Run: bun bench/agents/observe-cost-2.ts [cycles]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentContext, AgentModule, Memo } from "../../agents/loop/types.ts";
import { realRunner, type Runner } from "../../runtime/proc/exec.ts";


const CYCLES = Number(process.argv[2] ?? 30);

function mapMemo(): Memo {
  const m = new Map<string, unknown>();
  return { get: <T>(k: string) => m.get(k) as T | undefined, set: (k, v) => void m.set(k, structuredClone(v)) };
}

function counting(): Runner & { spawns: number; argv: string[] } {
  const r = {
    spawns: 0, argv: [] as string[],
    run(argv: readonly string[], opts?: Parameters<Runner["run"]>[1]) { r.spawns++; r.argv.push(argv[0]!); return realRunner.run(argv, opts); },
  };
  return r;
}

const settingsOf = (name: string) => ((Bun.TOML.parse(readFileSync(join(import.meta.dir, `../../image/agents/${name}.toml`), "utf8")) as { settings?: Record<string, unknown> }).settings ?? {});

interface Result { name: string; cpuMs: number; childMs: number; wallMs: number; spawns: number; cmds: string }

/** CPU ms of this process's reaped children (cutime + cstime, USER_HZ = 100). */
function childCpuMs(): number {
  const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(f[13]) + Number(f[14])) * 10;
}

async function measure(name: string, agent: AgentModule<unknown>, settings: Record<string, unknown>, root = "/"): Promise<Result> {
  const runner = counting();
  const memo = mapMemo();
  const ctx = (): AgentContext => ({ now: Date.now(), settings, runner, root, memo });
  const history: unknown[] = [];
  const one = async () => {
    const c = ctx();
    const obs = await agent.observe(c);
    for (const d of agent.detectors) d.detect(obs, { ...c, history });
    history.push(obs); if (history.length > 10) history.shift();
  };
  await one(); await one(); // first sight (baselines, caches), then warm
  runner.spawns = 0; runner.argv = [];
  const cpu0 = process.cpuUsage(); const t0 = performance.now(); const ch0 = childCpuMs();
  for (let i = 0; i < CYCLES; i++) await one();
  const cpu = process.cpuUsage(cpu0); const child = childCpuMs() - ch0;
  const cmds = [...new Set(runner.argv)].join(",");
  return { name, cpuMs: (cpu.user + cpu.system) / 1000 / CYCLES, childMs: child / CYCLES, wallMs: (performance.now() - t0) / CYCLES, spawns: runner.spawns / CYCLES, cmds };
}

async function reference(): Promise<Result> {
  const cpu0 = process.cpuUsage(); const t0 = performance.now();
  const n = CYCLES * 100;
  for (let i = 0; i < n; i++) readFileSync("/proc/meminfo", "utf8");
  const cpu = process.cpuUsage(cpu0);
  return { name: "reference (1 read of /proc/meminfo)", cpuMs: (cpu.user + cpu.system) / 1000 / n, childMs: 0, wallMs: (performance.now() - t0) / n, spawns: 0, cmds: "" };
}

async function spawnRef(): Promise<Result> {
  const cpu0 = process.cpuUsage(); const t0 = performance.now(); const ch0 = childCpuMs();
  for (let i = 0; i < 10; i++) await realRunner.run(["true"]);
  const cpu = process.cpuUsage(cpu0);
  return { name: "reference (spawn `true`)", cpuMs: (cpu.user + cpu.system) / 1000 / 10, childMs: (childCpuMs() - ch0) / 10, wallMs: (performance.now() - t0) / 10, spawns: 1, cmds: "true" };
}

const dir = mkdtempSync(join(tmpdir(), "aios-observe-cost-"));
try {
  // dropbear's log as init's per-service file: some old lines, none of them failures.
  const log = join(dir, "dropbear.log");
  writeFileSync(log, Array.from({ length: 200 }, (_, i) => `${new Date(Date.now() - (200 - i) * 1000).toISOString()} err [12] Dec  2 03:00:00 Child connection from 10.0.0.${i % 250}:5000`).join("\n") + "\n");
  const { securityAgent } = await import("../../agents/security/index.ts");
  const pkg = (await import("../../agents/package/index.ts")).agent;
  const maint = (await import("../../agents/maintenance/index.ts")).agent;
  const rows: Result[] = [await reference(), await spawnRef()];
  rows.push(await measure("security (real root, read-only)", securityAgent() as AgentModule<unknown>, { ...settingsOf("security"), ssh_log: log.slice(1) }));
  rows.push(await measure("package (host apt/dpkg, read-only)", pkg as AgentModule<unknown>, settingsOf("package")));
  rows.push(await measure("maintenance (real root, read-only)", maint as AgentModule<unknown>, settingsOf("maintenance")));
  const ref = rows[0]!.cpuMs;
  console.log(`cycles: ${CYCLES}; cpu = this process; child = reaped children (10 ms ticks)`);
  console.log("agent".padEnd(40), "cpu ms/cycle".padStart(13), "× ref".padStart(9), "child ms".padStart(9), "wall ms".padStart(9), "spawns".padStart(7), " commands");
  for (const r of rows) console.log(r.name.padEnd(40), r.cpuMs.toFixed(3).padStart(13), (r.cpuMs / ref).toFixed(0).padStart(9), r.childMs.toFixed(1).padStart(9), r.wallMs.toFixed(2).padStart(9), r.spawns.toFixed(1).padStart(7), ` ${r.cmds}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
