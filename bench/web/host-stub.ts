// For bench/web/metrics.ts: the agent host's real socket API (hostApp, with its /v1/metrics) over an
// agents database seeded with `decisions` decisions and `incidents` incidents, but no agent loops.
// Usage: bun bench/web/host-stub.ts <agents.db> <socket> <decisions> <incidents>
import { hostApp } from "../../agents/host/api.ts";
import { serveOn } from "../../agents/host/executor/server.ts";
import { AgentHost } from "../../agents/host/host.ts";
import { openDatabase } from "../../runtime/db/open.ts";
import { DecisionLog } from "../../runtime/models/hierarchy/decision-log.ts";
import { realRunner } from "../../runtime/proc/exec.ts";

const [dbPath, socket, nDecisions, nIncidents] = process.argv.slice(2);
const db = openDatabase(dbPath!);
const host = new AgentHost({ loaded: { agents: [], disabled: [] }, modules: {}, executor: {} as never, ask: (() => { throw new Error("no model"); }) as never, db, runner: realRunner });
const log = new DecisionLog(db);
const tiers = ["reactive", "local-small", "local-medium", "remote"] as const;
db.transaction(() => {
  for (let i = 0; i < Number(nDecisions); i++) {
    const tier = tiers[i % tiers.length]!;
    const attempt = { tier, modelId: `${tier}-model`, provider: "bench", promptHash: "p", schemaHash: "s", tokens: { input: 300, output: 40 }, costUsd: 0.0001, latencyMs: 10 * (i % 50), cacheHit: i % 7 === 0, outcome: "answered" as const };
    log.record({ id: `d${i}`, type: "bench", agent: `agent${i % 5}`, outcome: "answered", output: {} as never, tier, attempts: [attempt], totalCostUsd: 0.0001, latencyMs: attempt.latencyMs });
  }
  for (let i = 0; i < Number(nIncidents); i++) {
    const inc = host.incidents.open({ kind: `bench.kind${i % 10}`, key: `k${i}`, severity: "warning", summary: "bench", evidence: [], facts: {} }, `agent${i % 5}`);
    if (i % 3) host.incidents.update(inc.id, { state: "resolved" });
  }
})();
serveOn(hostApp(host), socket!, 0o600);
console.log("ready");
