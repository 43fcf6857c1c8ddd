// One scrape over sources that answer, throw or hang: a bad source costs only its own series (never a
// half-written family, never a failed scrape), and the text passes promtool's linter where installed.
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { scrape, type Source } from "../../../consoles/web/metrics/scrape.ts";
import { serviceSource } from "../../../consoles/web/metrics/services.ts";
import { agentSource } from "../../../consoles/web/metrics/agents.ts";
import type { HostMetrics } from "../../../agents/host/metrics-api.ts";
import type { StatusReply } from "../../../runtime/control/client.ts";

const ok: Source = { name: "ok", collect(f) { f.gauge("t_ok", "fine", ["x"]).set({ x: 'a "quoted"\nvalue\\' }, 1); } };
const half: Source = { name: "half", collect(f) { f.gauge("t_half", "written before the throw").set(1); throw new Error("boom"); } };
const hang: Source = { name: "hang", collect: () => new Promise(() => {}) };

const status: StatusReply = {
  boot: { uptime_s: 42, ready: true, state_device: "/dev/vdb", pid1: true },
  services: [
    { name: "web", description: "", kind: "longrun", state: "ready", pid: 10, uptime_s: 40, restarts: 2, reason: null, memory_bytes: 1048576, cpu_usec: 2_500_000, last_exit: null },
    { name: "odd", description: "", kind: "longrun", state: "hibernating", pid: null, uptime_s: 0, restarts: 0, reason: null, last_exit: null },
  ],
};

const hostMetrics: HostMetrics = {
  agents: [{ name: "monitor", state: "running", cycles: 7, openIncidents: 1, lastCycleMs: 250 }],
  incidents: [{ kind: "disk.full", state: "resolved", n: 3 }, { kind: "disk.full", state: "open", n: 1 }],
  decisions: [{ tier: "reactive", outcome: "answered", n: 5 }],
  latency: { le: [0.001, 0.01], tiers: [{ tier: "reactive", cumulative: [4, 5], sum: 0.006, count: 5 }] },
  models: [{ tier: "small", model: "tiny.gguf", input: 100, output: 40, seconds: 2, costUsd: 0, attempts: 3, cacheHits: 1 }],
  budgets: [{ scope: "tier:remote", tokens: 1200, usd: 0.25 }, { scope: "agent:monitor", tokens: 1200, usd: 0.25 }],
  missing: {},
};

async function promtool(text: string): Promise<string> {
  const p = Bun.spawn(["promtool", "check", "metrics"], { stdin: new Blob([text]), stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return code === 0 ? "" : `${out}${err}`;
}

describe("scrape", () => {
  it("keeps the good sources and marks the bad ones down, without their partial families", async () => {
    const r = await scrape([ok, half, hang], 100);
    expect(r.text).toContain('t_ok{x="a \\"quoted\\"\\nvalue\\\\"} 1');
    expect(r.text).not.toContain("t_half");
    expect(r.text).toContain('aios_scrape_source_up{source="ok"} 1');
    expect(r.text).toContain('aios_scrape_source_up{source="half"} 0');
    expect(r.text).toContain('aios_scrape_source_up{source="hang"} 0');
    expect(r.failures).toEqual([{ source: "half", error: "boom" }, { source: "hang", error: "hang took over 100 ms" }]);
    expect(r.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
  });

  it("maps init's status: one state series per known state, restarts, cgroup use", async () => {
    const { text } = await scrape([serviceSource(async () => status)]);
    expect(text).toContain('aios_service_state{service="web",state="ready"} 1');
    expect(text).toContain('aios_service_state{service="web",state="failed"} 0');
    expect(text).toContain('aios_service_state{service="odd",state="hibernating"} 1');
    expect(text).toContain('aios_service_restarts_total{service="web"} 2');
    expect(text).toContain('aios_service_cpu_seconds_total{service="web"} 2.5');
    expect(text).not.toContain('aios_service_memory_bytes{service="odd"}');
  });

  it("maps the agent host's counts, with a histogram from pre-counted buckets", async () => {
    const { text } = await scrape([agentSource(async () => hostMetrics)]);
    for (const line of [
      'aios_incidents{kind="disk.full",state="resolved"} 3',
      'aios_decisions_total{tier="reactive",outcome="answered"} 5',
      "# TYPE aios_decision_latency_seconds histogram",
      'aios_decision_latency_seconds_bucket{tier="reactive",le="0.001"} 4',
      'aios_decision_latency_seconds_bucket{tier="reactive",le="+Inf"} 5',
      'aios_decision_latency_seconds_count{tier="reactive"} 5',
      'aios_model_tokens_total{tier="small",model="tiny.gguf",direction="output"} 40',
      'aios_budget_spent_usd{scope="tier",name="remote"} 0.25',
      'aios_agent_cycles_total{agent="monitor"} 7',
    ]) expect(text).toContain(line);
  });

  it.skipIf(!existsSync("/usr/bin/promtool"))("passes promtool check metrics (Debian's prometheus package; skipped without it)", async () => {
    const { text } = await scrape([ok, serviceSource(async () => status), agentSource(async () => hostMetrics)]);
    expect(await promtool(text)).toBe("");
  }, 60_000); // promtool is a 100 MB Go binary: its start alone passed 5 s on the loaded CI host
});
