// Web console /metrics benchmark: scrape latency p50/p99 against GET /health in the same run (/health
// also asks init for its status, so the difference is the scrape's own cost), and the web process's
// RSS and PSS before and after the scrapes. Everything is real: aios init (from source) with
// `services` sleepers, the web console as its own process (`main.ts web`), the agent host's socket API
// over a seeded agents database, and an audit log of `audit` entries; no model runtime (that source is
// down, as on an appliance without models, and costs one failed connect per scrape).
// Usage: bun bench/web/metrics.ts [requests=300] [services=12] [decisions=5000] [audit=5000]
import type { Subprocess } from "bun";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { control } from "../../runtime/control/client.ts";
import { orderServices } from "../../init/spec/compile.ts";
import { validateService } from "../../init/spec/validate.ts";
import { AuditLog } from "../../runtime/audit/log.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const bun = `${repo}node_modules/.bin/bun`;
const [N, SERVICES, DECISIONS, AUDIT] = [300, 12, 5000, 5000].map((d, i) => Number(process.argv[i + 2] ?? d)) as [number, number, number, number];
const dir = mkdtempSync(`${tmpdir()}/aios-bench-web-`);
const env = { ...process.env, AIOS_STATE_DIR: dir, AIOS_RUN_DIR: `${dir}/run`, AIOS_SERVICES: `${dir}/services.json`, AIOS_OPERATOR_SERVICES: `${dir}/ops`, AIOS_CONFIG_DIR: `${dir}/etc` } as Record<string, string>;
const procs: Subprocess[] = [];
const spawn = (args: string[], extra: Record<string, string> = {}) => {
  const p = Bun.spawn([bun, ...args], { env: { ...env, ...extra }, stdio: ["ignore", "pipe", "inherit"] });
  procs.push(p);
  return p;
};
const until = async <T>(fn: () => Promise<T>): Promise<T> => { for (;;) { try { return await fn(); } catch { await Bun.sleep(50); } } };
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]!; };
const mem = (pid: number) => {
  const t = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(t)?.[1] ?? NaN);
  return { rss: kb("Rss") / 1024, pss: kb("Pss") / 1024 };
};

try {
  mkdirSync(`${dir}/ops`);
  mkdirSync(`${dir}/run/agents`, { recursive: true });
  mkdirSync(`${dir}/agents`);
  const specs = Array.from({ length: SERVICES }, (_, i) => validateService(`svc${i}`, `command = ["/bin/sleep", "100000"]`, `svc${i}.toml`));
  writeFileSync(`${dir}/services.json`, JSON.stringify({ version: 1, services: orderServices(specs) }));
  const audit = AuditLog.open(`${dir}/aios.db`);
  audit.appendMany(Array.from({ length: AUDIT }, (_, i) => ({ kind: "tool.call", actor: "bench", subject: `s${i}`, data: { i } })));
  audit.db.close();

  spawn(["main.ts", "init"]);
  await until(() => control("GET", "/v1/status", undefined, `${dir}/run/init.sock`));
  spawn(["bench/web/host-stub.ts", `${dir}/agents/agents.db`, `${dir}/run/agents/agents.sock`, String(DECISIONS), "200"]);
  await until(async () => { if (!(await fetch("http://agents/health", { unix: `${dir}/run/agents/agents.sock` } as RequestInit)).ok) throw new Error("not yet"); });
  const port = 20000 + Math.floor(Math.random() * 20000);
  // https with the self-signed certificate the console makes in the state dir; no plain-HTTP redirect listener.
  const web = spawn(["main.ts", "web"], { AIOS_WEB_PORT: String(port), AIOS_WEB_REDIRECT_PORT: "0" });
  const base = `https://127.0.0.1:${port}`;
  const webFetch = (url: string, init: RequestInit = {}) => fetch(url, { ...init, tls: { ca: readFileSync(`${dir}/web/cert.pem`, "utf8") } } as RequestInit);
  await until(async () => { if (!(await webFetch(`${base}/health`)).ok) throw new Error("not yet"); });
  const token = readFileSync(`${dir}/web/token`, "utf8").trim();
  const get = async (path: string) => {
    const t0 = performance.now();
    const r = await webFetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await r.text();
    if (!r.ok) throw new Error(`${path}: ${r.status} ${body}`);
    return { ms: performance.now() - t0, body };
  };
  const bySource = new Map<string, number[]>(); // from each scrape's own aios_scrape_source_duration_seconds
  const series = async (path: string) => {
    const xs: number[] = [];
    for (let i = 0; i < N; i++) {
      const r = await get(path);
      xs.push(r.ms);
      for (const m of r.body.matchAll(/^aios_scrape_source_duration_seconds\{source="(\w+)"\} (\S+)/gm)) bySource.set(m[1]!, [...(bySource.get(m[1]!) ?? []), Number(m[2]) * 1000]);
    }
    return xs;
  };

  await series("/health"); // warm-up
  const before = mem(web.pid);
  const health = await series("/health");
  const cold = await get("/metrics"); // the first scrape reads the whole decision log and verifies the audit chain
  const metrics = await series("/metrics");
  const after = mem(web.pid);
  const samples = cold.body.split("\n").filter((l) => l && !l.startsWith("#")).length;
  const down = [...cold.body.matchAll(/^aios_scrape_source_up\{source="(\w+)"\} 0/gm)].map((m) => m[1]);

  console.log(`web console /metrics, ${N} sequential requests each; ${SERVICES} services, ${DECISIONS} decisions, ${AUDIT} audit entries; ${samples} samples, ${(cold.body.length / 1024).toFixed(1)} KiB; sources down: ${down.join(", ") || "none"}`);
  console.log(`  GET /health (baseline)  p50 ${pct(health, 0.5).toFixed(2)} ms  p99 ${pct(health, 0.99).toFixed(2)} ms`);
  console.log(`  GET /metrics            p50 ${pct(metrics, 0.5).toFixed(2)} ms  p99 ${pct(metrics, 0.99).toFixed(2)} ms  (ratio p50 ${(pct(metrics, 0.5) / pct(health, 0.5)).toFixed(2)}, first scrape ${cold.ms.toFixed(1)} ms)`);
  console.log(`  per source, p50/p99 ms (they run at once): ${[...bySource].map(([k, v]) => `${k} ${pct(v, 0.5).toFixed(2)}/${pct(v, 0.99).toFixed(2)}`).join(", ")}`);
  console.log(`  web process RSS ${before.rss.toFixed(1)} -> ${after.rss.toFixed(1)} MiB (${(after.rss - before.rss).toFixed(1)}), PSS ${before.pss.toFixed(1)} -> ${after.pss.toFixed(1)} MiB (${(after.pss - before.pss).toFixed(1)})`);
} finally {
  for (const p of procs.reverse()) p.kill("SIGTERM");
  await Promise.all(procs.map((p) => p.exited));
}
