// aios_agent_*, aios_incidents, aios_decision_* and aios_budget_* from the agent host's GET /v1/metrics
// (counts it reads from the agents' database). A part the host could not read is simply absent.
import type { HostMetrics } from "../../../agents/host/metrics-api.ts";
import type { Source } from "./scrape.ts";

/** AgentStatus["state"]; one series each, as for services. */
const AGENT_STATES = ["running", "paused", "degraded", "disabled"];

export function agentSource(fetchMetrics: () => Promise<HostMetrics>): Source {
  return {
    name: "agents",
    async collect(f) {
      const m = await fetchMetrics();
      const state = f.gauge("aios_agent_state", "1 for the agent's state now (running, paused, degraded, disabled)", ["agent", "state"]);
      const cycles = f.counter("aios_agent_cycles_total", "Cycles the agent ran since the host started", ["agent"]);
      const cycleS = f.gauge("aios_agent_last_cycle_seconds", "How long the agent's last cycle took", ["agent"]);
      for (const a of m.agents) {
        for (const k of new Set([...AGENT_STATES, a.state])) state.set({ agent: a.name, state: k }, k === a.state ? 1 : 0);
        cycles.set({ agent: a.name }, a.cycles);
        if (a.lastCycleMs !== undefined) cycleS.set({ agent: a.name }, a.lastCycleMs / 1000);
      }
      const inc = f.gauge("aios_incidents", "Incidents by kind and state (open ones and outcomes: resolved, failed, escalated)", ["kind", "state"]);
      for (const i of m.incidents) inc.set({ kind: i.kind, state: i.state }, i.n);
      if (m.missing.decisions === undefined) {
        const dec = f.counter("aios_decisions_total", "Decisions by the tier that answered (none: nobody did) and outcome", ["tier", "outcome"]);
        for (const d of m.decisions) dec.set({ tier: d.tier, outcome: d.outcome }, d.n);
        f.histogram("aios_decision_latency_seconds", "Time to a decision, all tiers tried included, by the tier that answered",
          m.latency.tiers.map((t) => ({ labels: { tier: t.tier }, buckets: m.latency.le.map((le, i) => [le, t.cumulative[i] ?? 0] as const), sum: t.sum, count: t.count })));
        const tokens = f.counter("aios_model_tokens_total", "Tokens sent to (input) and made by (output) each model, cache hits excluded", ["tier", "model", "direction"]);
        const secs = f.counter("aios_model_inference_seconds_total", "Seconds spent waiting on each model; output tokens/s = rate(tokens{direction=\"output\"}) / rate(this)", ["tier", "model"]);
        const cost = f.counter("aios_model_cost_usd_total", "Money spent on each model", ["tier", "model"]);
        const attempts = f.counter("aios_model_attempts_total", "Times each model was asked, cache hits included", ["tier", "model"]);
        for (const u of m.models) {
          const l = { tier: u.tier, model: u.model };
          tokens.set({ ...l, direction: "input" }, u.input);
          tokens.set({ ...l, direction: "output" }, u.output);
          secs.set(l, u.seconds); cost.set(l, u.costUsd); attempts.set(l, u.attempts);
        }
      }
      if (m.missing.budgets === undefined) {
        const tok = f.gauge("aios_budget_spent_tokens", "Tokens spent today (UTC) per budget scope (tier or agent)", ["scope", "name"]);
        const usd = f.gauge("aios_budget_spent_usd", "Money spent today (UTC) per budget scope (tier or agent)", ["scope", "name"]);
        for (const b of m.budgets) {
          const [scope, ...rest] = b.scope.split(":");
          const l = { scope: scope ?? b.scope, name: rest.join(":") };
          tok.set(l, b.tokens); usd.set(l, b.usd);
        }
      }
    },
  };
}
