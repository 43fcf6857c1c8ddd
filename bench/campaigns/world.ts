// The world the malformed-input campaigns fire at: the real components on a temp dir, loopback and unix
// sockets, as the integration tests start them. A real `aios init` (child process) with two services;
// the real executor (tool registry, approvals, snapshots, audit on SQLite) on its agent and admin
// sockets; the real agent host API with the front agent's chat on its socket (the image's agent
// declarations, loops not started: nothing observes or changes this build host); the model runtime
// (a supervised service) serving a tiny generated GGUF; the real web console
// (sessions, users, CSRF) over HTTP on 127.0.0.1. Every log line written meanwhile is kept in `logs`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { bun, InitUnderTest, repo } from "../../tests/integration/init/fixture.ts";
import { tinyLlama } from "../../tests/fixtures/gguf/tiny-llama.ts";
import { aptWorld } from "../../tests/fixtures/apt-root.ts";
import { compileImageAgents } from "../../agents/spec/image.ts";
import { AGENT_MODULES, allRules } from "../../agents/registry.ts";
import { loadDeclared } from "../../agents/host/main.ts";
import { hostApp } from "../../agents/host/api.ts";
import { mountChat } from "../../agents/host/chat-api.ts";
import { mountOpenAi } from "../../agents/host/openai-api.ts";
import { frontAgent } from "../../agents/host/front.ts";
import { AgentHost } from "../../agents/host/host.ts";
import { ExecutorClient } from "../../agents/host/executor/client.ts";
import { LocalExecutor } from "../../agents/host/executor/local.ts";
import { relayRunner } from "../../agents/host/executor/reads.ts";
import { adminApp, agentApp, serveOn } from "../../agents/host/executor/server.ts";
import { webExecutorApp } from "../../agents/host/executor/web.ts";
import { webApp, realWebDeps } from "../../consoles/web/app.ts";
import { createAuth } from "../../consoles/web/auth/guard.ts";
import { UserStore } from "../../consoles/web/auth/users.ts";
import { tokenReader, webToken } from "../../consoles/web/token.ts";
import { websocket } from "../../agents/host/executor/websocket.ts";
import { checkHost } from "../../runtime/http/host-check.ts";
import { setting } from "../../runtime/config/settings.ts";
import { openDatabase } from "../../runtime/db/open.ts";
import { Memory } from "../../runtime/memory/index.ts";
import { createIntelligence } from "../../runtime/models/index.ts";
import { OPERATOR_DEFAULT } from "../../runtime/policy/agents.ts";
import { parseAgentPolicy } from "../../runtime/policy/config.ts";
import { realRunner } from "../../runtime/proc/exec.ts";
import { openToolSystem } from "../../tools/index.ts";
import { InitServiceControl } from "../../tools/services/init-control.ts";

export interface Login { cookie: string; csrf: string }
export interface SocketApp { name: string; app: Hono; socket: string }

export interface World {
  dir: string;
  env: Record<string, string>;
  init: InitUnderTest;
  /** The web console's base URL (plain HTTP on loopback), its app, and the shared token. */
  web: { base: string; app: Hono; token: () => string; users: UserStore };
  /** The apps served on unix sockets: the agent host, the executor's agent and admin sockets. */
  sockets: SocketApp[];
  /** Every console.* line and init's output, written while the world ran. */
  logs: string[];
  /** Every secret handed out (tokens, session ids, CSRF tokens, passwords): none may reach a log. */
  secrets: Set<string>;
  login(name: string, password: string): Promise<Login>;
  /** The log lines so far, with init's output and its services' log files. */
  allLogs(): string[];
  /** Starts every service a campaign stopped, and waits until all are ready again. */
  heal(): Promise<void>;
  close(): Promise<void>;
}

const quiet = ["log", "error", "warn", "info", "debug"] as const;

/** The model runtime as image/services/models.toml declares it, with bun from source and this world's paths. */
const modelsService = (dir: string) => [
  `command = ["${bun}", "${repo}/runtime/model-runtime/main.ts"]`,
  `env = { BUN_BE_BUN = "1", NODE_LLAMA_CPP_SKIP_DOWNLOAD = "true", GGML_NO_BACKTRACE = "1", AIOS_STATE_DIR = "${dir}/state", AIOS_CONFIG_DIR = "${dir}/etc", AIOS_RUN_DIR = "${dir}/run" }`,
  `ready = { unix = "${dir}/run/models.sock", timeout_ms = 60000 }`,
  `backoff = { initial_ms = 200, max_ms = 2000 }`,
].join("\n");

/** The log files init wrote for its services. */
function initLogs(dir: string): string[] {
  const logDir = join(dir, "log");
  try { return readdirSync(logDir).map((f) => readFileSync(join(logDir, f), "utf8")); } catch { return []; }
}

export async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "aios-campaign-"));
  for (const d of ["state/models", "etc", "run/agents", "state/agents"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "state/models/tiny.gguf"), tinyLlama({ seed: 41, script: ["The", " disk", " is", " fine"] }).bytes);
  const init = new InitUnderTest({
    alpha: `command = ["/bin/sleep", "100000"]`,
    beta: `command = ["/bin/sleep", "100000"]\ndepends_on = ["alpha"]`,
    models: modelsService(dir),
  });
  const env: Record<string, string> = {
    AIOS_STATE_DIR: join(dir, "state"), AIOS_CONFIG_DIR: join(dir, "etc"), AIOS_RUN_DIR: join(dir, "run"),
    AIOS_CONTROL: init.socket, AIOS_CONTROL_READ: init.readSocket, AIOS_SETTLE_MS: "0", AIOS_DEFAULT_AUTONOMY: "propose",
  };
  Object.assign(process.env, env);
  // The first-boot setup is done: the console campaign drives the chat prompt, not the setup.
  mkdirSync(setting("state_dir"), { recursive: true });
  writeFileSync(join(setting("state_dir"), "setup.done"), "");
  writeFileSync(setting("agents_file"), JSON.stringify(compileImageAgents(new URL("../../image/agents", import.meta.url).pathname)));

  const logs: string[] = [];
  const saved = quiet.map((m) => [m, console[m]] as const);
  for (const m of quiet) console[m] = (...a: unknown[]) => { logs.push(a.map(String).join(" ")); };

  await init.start();
  await init.until(() => init.service("models"), (s) => s.state === "ready");
  const loaded = loadDeclared();
  const isAgent = (n: string) => loaded.agents.some((a) => a.name === n);
  const memory = Memory.open(setting("state_db"));
  // nft is /bin/false and apt a private, empty root: a fuzzed call that got through to the firewall or
  // package tools must not touch this build host's.
  const apt = aptWorld();
  const ex = new LocalExecutor({
    tools: (policyFor) => openToolSystem({ dbPath: setting("state_db"), snapshotDir: setting("snapshot_dir"), policyFor, services: new InitServiceControl(), nft: { nft: "/bin/false" }, apt: { aptOptions: apt.aptOptions, dpkgOptions: apt.dpkgOptions }, settleMs: 0, memory }),
    memory, agents: () => loaded.agents, autonomyFile: setting("autonomy_file"),
    fallbackPolicy: (agent) => parseAgentPolicy(agent, OPERATOR_DEFAULT, "(built-in operator policy)"),
  });
  const servers = [
    serveOn(agentApp(ex, isAgent), setting("executor_socket"), 0o600),
    serveOn(adminApp(ex, isAgent), setting("executor_admin_socket"), 0o600),
    // The web console's own socket (people's verbs as the named person), as on the appliance.
    serveOn(webExecutorApp(ex), setting("executor_web_socket"), 0o600, undefined, 0),
  ];
  const executor = new ExecutorClient(setting("executor_socket"));
  const db = openDatabase(setting("agents_db"));
  const intel = createIntelligence({ rules: allRules(), dbPath: setting("agents_db"), spawnRuntime: false });
  const runner = relayRunner((argv, o) => executor.read(argv, o));
  const host = new AgentHost({ loaded, modules: AGENT_MODULES, executor, ask: intel.ask, db, runner, log: (l) => logs.push(l) });
  const hApp = hostApp(host);
  const front = frontAgent({ host, loaded, executor, db, runner, intel });
  mountChat(hApp, front.agent, front.goals, front.context);
  mountOpenAi(hApp, () => intel); // the web console's /v1 is relayed here, as on the appliance
  servers.push(serveOn(hApp, setting("agent_socket"), 0o600));

  const tokenFile = join(setting("state_dir"), "web", "token");
  webToken(tokenFile);
  const token = tokenReader(tokenFile);
  const users = new UserStore(join(setting("state_dir"), "web", "users.json"));
  const wApp = webApp({ ...realWebDeps(token), auth: createAuth({ token, users }) });
  const web = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: checkHost(wApp.fetch), websocket, idleTimeout: 60 }); // as runWeb serves it, over HTTP
  servers.push(web);
  const base = `http://127.0.0.1:${web.port}`;

  const sockets: SocketApp[] = [
    { name: "agent host", app: hApp, socket: setting("agent_socket") },
    { name: "executor (agents)", app: agentApp(ex, isAgent), socket: setting("executor_socket") },
    { name: "executor (admin)", app: adminApp(ex, isAgent), socket: setting("executor_admin_socket") },
  ];
  const secrets = new Set<string>();
  return {
    dir, env, init, web: { base, app: wApp, token, users }, sockets, logs, secrets,
    async login(name, password) {
      const r = await fetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ name, password }) });
      if (r.status !== 303) throw new Error(`login as "${name}" answered ${r.status}`);
      const cookie = r.headers.get("set-cookie")!.split(";")[0]!;
      const s = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { csrf: string };
      for (const v of [token(), cookie.split("=")[1]!, s.csrf, password]) if (v) secrets.add(v);
      return { cookie, csrf: s.csrf };
    },
    allLogs: () => [...logs, init.output, ...initLogs(init.dir)],
    async heal() {
      for (const s of (await init.status()).services) {
        if (s.state === "ready") continue;
        await init.call("POST", `/v1/services/${s.name}/enable`).catch(() => {});
        await init.call("POST", `/v1/services/${s.name}/start`).catch(() => {});
        await init.until(() => init.service(s.name), (v) => v.state === "ready");
      }
    },
    async close() {
      for (const s of servers) s.stop(true);
      await intel.close?.();
      db.close();
      ex.close();
      await init.stop();
      logs.push(init.output, ...initLogs(init.dir));
      for (const [m, f] of saved) console[m] = f;
      rmSync(dir, { recursive: true, force: true });
      rmSync(apt.dir, { recursive: true, force: true });
      rmSync(init.dir, { recursive: true, force: true });
    },
  };
}
