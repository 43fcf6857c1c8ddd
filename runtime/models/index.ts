// The composition root of the intelligence hierarchy: builds rule sets, the local runtime client,
// remote clients, budgets, cache, breakers and the decision log from config, and hands back `ask`.
import { defaultDbPath, openDatabase } from "../db/open.ts";
import { Budgets } from "./budget/budgets.ts";
import { DecisionLog } from "./hierarchy/decision-log.ts";
import { hierarchyDefaults, loadHierarchyConfig } from "./hierarchy/config.ts";
import { orDefaults } from "../config/fallback.ts";
import { Intelligence } from "./hierarchy/intelligence.ts";
import type { Decision } from "./hierarchy/provenance.ts";
import type { PolicyOverrides } from "./hierarchy/policy.ts";
import { HierarchyRegistry } from "./hierarchy/registry.ts";
import { LocalGateway } from "./local/local-gateway.ts";
import { RuntimeProcess } from "./local/process.ts";
import { RuntimeClient } from "./local/runtime-client.ts";
import { ModelUnavailableError } from "./errors.ts";
import { TIERS, type Model } from "./model.ts";
import { ReactiveModel, type RuleSets } from "./reactive/reactive-model.ts";
import { AnthropicModel } from "./remote/anthropic.ts";
import { OpenAiModel } from "./remote/openai.ts";
import { loadSecrets } from "./secrets/secrets.ts";
import { setting } from "../config/settings.ts";

export interface IntelligenceOptions {
  rules?: RuleSets;
  /** Default: the model_socket setting ($AIOS_MODEL_SOCKET, /run/aios/models.sock). */
  socketPath?: string;
  /** Start and supervise the runtime child ourselves (development, tests); in the image PID 1 does. */
  spawnRuntime?: boolean;
  stateDir?: string;
  configPath?: string;
  secretsPath?: string;
  /** SQLite file for budgets and the decision log; default the shared aios.db. */
  dbPath?: string;
  onDecision?: (d: Decision) => void;
  /** Per decision type, laid over models.toml's [policy.<type>] (e.g. `aiosctl ask --tier`). */
  policies?: PolicyOverrides;
}

/** What the console shows: every model with its status, every provider's circuit, today's spend. */
export interface IntelligenceStatus {
  models: { id: string; tier: string; provider: string; status: string; reason?: string }[];
  providers: { provider: string; circuit: string }[];
  localRuntime: string;
  /** models.toml or secrets.toml problems (file:line: key: problem) for which the defaults are in use. */
  configProblems?: string[];
  /** What the hierarchy is doing without (runtime down, a provider failing, a budget spent), in words. */
  degraded: string[];
}

export interface IntelligenceStack {
  status(): Promise<IntelligenceStatus>;
  /** Embeddings from a local model (default: the first usable one of the smallest tier). */
  embed(input: string[], model?: string): Promise<{ model: string; vectors: number[][]; tokens: number }>;
  intelligence: Intelligence;
  ask: Intelligence["ask"];
  gateway: LocalGateway;
  runtime: RuntimeClient;
  registry: HierarchyRegistry;
  decisions: DecisionLog;
  close(): Promise<void>;
}

export function createIntelligence(opts: IntelligenceOptions = {}): IntelligenceStack {
  const stateRoot = opts.stateDir ?? setting("state_dir");
  const socketPath = opts.socketPath ?? setting("model_socket");
  const configPath = opts.configPath ?? setting("models_config");
  // A wrong models.toml or secrets.toml is reported and the defaults used: the reactive tier and the
  // local runtime keep working without them (remote tiers stay off).
  const secrets = orDefaults(() => loadSecrets(opts.secretsPath), () => ({}));
  const loaded = orDefaults(() => loadHierarchyConfig(configPath, secrets.value), hierarchyDefaults);
  const cfg = loaded.value;
  const configProblems = [secrets.problem, loaded.problem].filter((p) => p !== undefined).map((p) => p.message);
  const proc = opts.spawnRuntime ? new RuntimeProcess({ socketPath, stateDir: stateRoot, env: { AIOS_MODELS_CONFIG: configPath } }) : undefined;
  const runtime = new RuntimeClient(socketPath, proc);
  const remotes: Model[] = cfg.remotes.map((r) => (r.kind === "anthropic" ? new AnthropicModel(r) : new OpenAiModel(r)));
  const registry = new HierarchyRegistry({ reactive: new ReactiveModel(opts.rules ?? {}), runtime, remotes });
  const db = openDatabase(opts.dbPath ?? (opts.stateDir ? `${opts.stateDir}/aios.db` : defaultDbPath()));
  const decisions = new DecisionLog(db);
  const budgets = new Budgets(db, cfg.budgets);
  const intelligence = new Intelligence({
    registry, policies: mergePolicies(cfg.policies, opts.policies), budgets,
    onDecision: (d, req) => { decisions.record(d, req); opts.onDecision?.(d); },
  });
  return {
    intelligence, ask: (req) => intelligence.ask(req), gateway: new LocalGateway(runtime), runtime, registry, decisions,
    async embed(input, model) {
      const id = model ?? (await runtime.models()).filter((m) => m.status !== "quarantined").sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier))[0]?.id;
      if (!id) throw new ModelUnavailableError("no usable local model for embeddings", `put a GGUF model into ${stateRoot}/models`);
      const r = await runtime.embed({ model: id, input });
      return { model: id, vectors: r.vectors, tokens: r.tokens };
    },
    async status() {
      let local: IntelligenceStatus["models"] = [];
      let localRuntime = "running";
      try {
        local = (await runtime.models()).map((m) => ({ id: m.id, tier: m.tier, provider: "local", status: m.status, reason: m.reason }));
      } catch (err) { localRuntime = `down: ${(err as Error).message}`; }
      const circuits = new Map(intelligence.breakers.all().map((b) => [b.provider, b]));
      return {
        localRuntime,
        models: [
          ...local.map((m) => {
            const b = circuits.get(`local/${m.id}`);
            return b && b.state !== "closed" && m.status !== "quarantined" ? { ...m, status: "circuit-open", reason: b.describe() } : m;
          }),
          ...remotes.map((m) => {
            const b = circuits.get(m.identity.provider);
            const open = b && b.state !== "closed";
            return { id: m.identity.id, tier: m.identity.tier, provider: m.identity.provider, status: open ? "circuit-open" : "available", reason: open ? b.describe() : undefined };
          }),
        ],
        providers: [...new Set(remotes.map((m) => m.identity.provider))].map((p) => ({ provider: p, circuit: circuits.get(p)?.describe() ?? "closed" })),
        ...(configProblems.length ? { configProblems } : {}),
        degraded: degradedHierarchy({ localRuntime, remotes: remotes.length, circuits: [...circuits.values()].filter((b) => b.state !== "closed" && !b.provider.startsWith("local/")).map((b) => `${b.provider}: ${b.describe()}`), remoteSpent: budgets.tierSpent("remote"), configProblems }),
      };
    },
    async close() { await proc?.stop(); db.close(); },
  };
}

/** The words status uses for each way the hierarchy is running short; every one says what it falls back to. */
export function degradedHierarchy(f: { localRuntime: string; remotes: number; circuits: string[]; remoteSpent?: string; configProblems: string[] }): string[] {
  const out: string[] = [];
  if (f.localRuntime !== "running") out.push(`model runtime ${f.localRuntime.replace(/^down: /, "down: ")}; answers come from the rules${f.remotes ? " and the cloud" : ""}`);
  for (const c of f.circuits) out.push(`cloud provider failing (${c}); answers fall back to the local models and the rules`);
  if (f.remoteSpent) out.push(`cloud over budget (${f.remoteSpent}); answers fall back to the local models and the rules`);
  for (const p of f.configProblems) out.push(`${p}; the defaults are in use`);
  return out;
}

function mergePolicies(base: PolicyOverrides, over: PolicyOverrides = {}): PolicyOverrides {
  const merged: PolicyOverrides = { ...base };
  for (const [type, o] of Object.entries(over)) {
    const b = base[type] ?? base["*"];
    merged[type] = { ...b, ...o, escalateOn: { ...b?.escalateOn, ...o.escalateOn } };
  }
  return merged;
}

export { createOpenAiApp } from "./api/openai-app.ts";
export { HierarchyGateway, HIERARCHY_MODEL } from "./api/hierarchy-gateway.ts";
export type { ModelGateway } from "./api/gateway.ts";
export type { Decision, DecisionRequest } from "./hierarchy/provenance.ts";
export type { Model, ModelRequest, ModelResult, Tier } from "./model.ts";
export type { Rule, RuleSets } from "./reactive/reactive-model.ts";
