// The web console's /metrics and /api/events over real HTTPS, against a real aios init, a real agent
// host socket (its /v1/metrics over the agents' database) and a real audit log and approval queue;
// /metrics is scraped by a real Prometheus (Debian's package) and queried back through its API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { InitUnderTest } from "../init/fixture.ts";
import { webApp, realWebDeps } from "../../../consoles/web/app.ts";
import { applianceEventHub } from "../../../consoles/web/events/route.ts";
import { hostApp } from "../../../agents/host/api.ts";
import { AgentHost } from "../../../agents/host/host.ts";
import { serveOn } from "../../../agents/host/executor/server.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { AuditLog } from "../../../runtime/audit/log.ts";
import { ApprovalQueue } from "../../../runtime/policy/approvals.ts";
import { DecisionLog } from "../../../runtime/models/hierarchy/decision-log.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { havePrometheus, PrometheusUnderTest } from "./prometheus.ts";
import { serveConsole, type ConsoleUnderTest } from "./https.ts";
import { SseReader } from "./sse.ts";

const TOKEN = "s3cret";
const auth = { authorization: `Bearer ${TOKEN}` };
let init: InitUnderTest;
let host: AgentHost;
let servers: { stop(force?: boolean): unknown }[] = [];
let base: string;
let web: ConsoleUnderTest;
const fetch = (url: string, init?: RequestInit) => web.fetch(url, init);
const hub = applianceEventHub();
let approvals: ApprovalQueue;

beforeAll(async () => {
  init = new InitUnderTest({ alpha: `command = ["/bin/sleep", "100000"]`, beta: `command = ["/bin/sleep", "100000"]` });
  await init.start();
  await init.until(() => init.status(), (st) => st.services.every((s) => s.state === "ready"));
  Object.assign(process.env, { AIOS_CONTROL: init.socket, AIOS_CONTROL_READ: init.readSocket, AIOS_STATE_DIR: init.dir, AIOS_RUN_DIR: `${init.dir}/run` });
  mkdirSync(`${init.dir}/run/agents`, { recursive: true });
  mkdirSync(`${init.dir}/agents`, { recursive: true });
  const agentsDb = openDatabase(`${init.dir}/agents/agents.db`);
  host = new AgentHost({ loaded: { agents: [], disabled: [] }, modules: {}, executor: {} as never, ask: (() => { throw new Error("no asking here"); }) as never, db: agentsDb, runner: realRunner });
  new DecisionLog(agentsDb).record({ id: "d1", type: "disk.full", agent: "monitor", outcome: "answered", output: {} as never, tier: "reactive", attempts: [], totalCostUsd: 0, latencyMs: 2 });
  host.incidents.open({ kind: "disk.full", key: "disk.full:/", severity: "warning", summary: "the disk is filling", evidence: [], facts: {} }, "monitor");
  servers.push(serveOn(hostApp(host), `${init.dir}/run/agents/agents.sock`, 0o600));
  const stateDb = openDatabase(`${init.dir}/aios.db`);
  approvals = new ApprovalQueue(stateDb, AuditLog.open(`${init.dir}/audit.db`));
  web = await serveConsole(webApp({ ...realWebDeps(TOKEN), events: hub }));
  servers.push(web.server);
  base = web.base;
});
afterAll(async () => {
  hub.stop();
  for (const s of servers) s.stop(true);
  delete process.env.AIOS_METRICS_PUBLIC;
  await init.stop();
});

describe("/metrics", () => {
  it("is behind the token unless metrics_public is set", async () => {
    const denied = await fetch(`${base}/metrics`);
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { hint: string }).hint).toContain("AIOS_METRICS_PUBLIC");
    process.env.AIOS_METRICS_PUBLIC = "true";
    try { expect((await fetch(`${base}/metrics`)).status).toBe(200); } finally { delete process.env.AIOS_METRICS_PUBLIC; }
  });

  it("serves host and aios families; an absent model runtime is a source down, not an error", async () => {
    const res = await fetch(`${base}/metrics`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    for (const line of [
      'aios_service_state{service="alpha",state="ready"} 1',
      'aios_service_restarts_total{service="beta"} 0',
      'aios_incidents{kind="disk.full",state="open"} 1',
      'aios_decisions_total{tier="reactive",outcome="answered"} 1',
      'aios_decision_latency_seconds_bucket{tier="reactive",le="0.005"} 1',
      'aios_scrape_source_up{source="init"} 1',
      'aios_scrape_source_up{source="agents"} 1',
      'aios_scrape_source_up{source="audit"} 1',
      'aios_scrape_source_up{source="models"} 0',
      "aios_audit_verify_ok 1",
    ]) expect(text).toContain(line);
    expect(text).toMatch(/^node_cpu_seconds_total\{cpu="0",mode="idle"\} \d/m);
    expect(text).toMatch(/^node_memory_MemAvailable_bytes \d/m);
  });

  it.skipIf(!havePrometheus)("is scraped by a real Prometheus and queried back (skips when /usr/bin/prometheus is missing: apt-get install prometheus)", async () => {
    const prom = new PrometheusUnderTest(base.replace("https://", ""), TOKEN, `${web.cert.path}`);
    try {
      await prom.start();
      const up = await prom.until('up{job="aios"}', (r) => r.length === 1 && r[0]!.value === 1);
      expect(up[0]!.metric.instance).toBe(base.replace("https://", ""));
      const ready = await prom.until('aios_service_state{service="alpha",state="ready"}', (r) => r.length === 1);
      expect(ready[0]!.value).toBe(1);
      expect((await prom.until("node_load1", (r) => r.length === 1))[0]!.value).toBeGreaterThanOrEqual(0);
      const q = await prom.until('histogram_quantile(0.5, sum by (le) (aios_decision_latency_seconds_bucket))', (r) => r.length === 1);
      expect(q[0]!.value).toBeGreaterThan(0);
    } finally { await prom.stop(); }
  });
});

describe("/api/events", () => {
  const open = (headers: Record<string, string> = {}, signal?: AbortSignal) => fetch(`${base}/api/events`, { headers: { ...auth, ...headers }, signal });

  it("needs the token", async () => {
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
  });

  it("streams service changes, approvals and incidents; resumes after Last-Event-ID with only newer events", async () => {
    const stop1 = new AbortController();
    const res = await open({}, stop1.signal);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const first = new SseReader(res);
    for (const source of ["init", "audit", "incidents"]) await first.until((f) => f.comments.includes(`${source} events following`));

    await init.call("POST", "/v1/services/beta/stop");
    const stopped = await first.until((f) => f.event === "service" && (f.data as { service: string; to: string }).to === "stopped");
    expect(stopped.data).toMatchObject({ kind: "service.state", service: "beta" });
    const a = approvals.request({ agent: "monitor", tool: "services.restart", input: { name: "beta" }, why: "it stopped", effects: [], risk: "low" });
    approvals.approve(a.id, "user:test");
    await first.until((f) => f.event === "approval" && (f.data as { kind: string }).kind === "approval.approved");
    const inc = host.incidents.list()[0]!;
    host.incidents.update(inc.id, { state: "resolved", note: "cleaned up" });
    await first.until((f) => f.event === "incident" && (f.data as { state: string }).state === "resolved");

    const seen = first.events();
    const ids = seen.map((f) => Number(f.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(seen.map((f) => (f.data as { kind: string }).kind)).toEqual(expect.arrayContaining(["service.state", "approval.requested", "approval.approved", "incident.changed"]));
    stop1.abort();
    await first.done;
    for (let i = 0; hub.subscribers > 0 && i < 100; i++) await Bun.sleep(20);
    expect(hub.subscribers).toBe(0);

    // Reconnect from the service event: everything after it, nothing up to it, then live events again.
    const stop2 = new AbortController();
    const second = new SseReader(await open({ "last-event-id": stopped.id! }, stop2.signal));
    await second.until((f) => f.event === "incident");
    await init.call("POST", "/v1/services/beta/start");
    await second.until((f) => f.event === "service" && (f.data as { to: string }).to === "ready");
    const resumed = second.events().map((f) => Number(f.id));
    expect(Math.min(...resumed)).toBeGreaterThan(Number(stopped.id));
    expect(resumed.slice(0, ids.filter((id) => id > Number(stopped.id)).length)).toEqual(ids.filter((id) => id > Number(stopped.id)));
    stop2.abort();
    await second.done;
  });
});
