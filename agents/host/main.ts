// The two processes of the agents, privilege-separated as OpenSSH's privsep is: `aios executor` (root,
// small) carries out registry-approved calls, settle periods and rollbacks; `aios agents` (user
// aios-agent, read-only powers) observes, detects and decides for every agent, and asks the executor.
import { chownSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { userIds } from "../../runtime/proc/ids.ts";
import { notifyReady } from "../../runtime/control/client.ts";
import { openDatabase } from "../../runtime/db/open.ts";
import { errorMessage } from "../../runtime/errors.ts";
import { setting } from "../../runtime/config/settings.ts";
import { Memory } from "../../runtime/memory/index.ts";
import { createIntelligence } from "../../runtime/models/index.ts";
import type { PolicyOverrides } from "../../runtime/models/hierarchy/policy.ts";
import { defaultDbPath } from "../../runtime/db/open.ts";
import { OPERATOR_DEFAULT } from "../../runtime/policy/agents.ts";
import { parseAgentPolicy } from "../../runtime/policy/config.ts";
import { openApplianceTools } from "../../tools/appliance.ts";
import { applianceToolNames } from "../spec/image.ts";
import { AGENT_MODULES, allRules } from "../registry.ts";
import { Scheduler } from "../scheduler/index.ts";
import { loadAgents, type LoadedAgents } from "../spec/compile.ts";
import type { AgentDb } from "../spec/types.ts";
import { hostApp } from "./api.ts";
import { followGoals, mountChat } from "./chat-api.ts";
import { mountOpenAi } from "./openai-api.ts";
import { frontAgent } from "./front.ts";
import { ExecutorClient } from "./executor/client.ts";
import { relayRunner } from "./executor/reads.ts";
import { LocalExecutor } from "./executor/local.ts";
import { adminApp, agentApp, serveOn } from "./executor/server.ts";
import { AgentHost } from "./host.ts";
import { AGENT_USER, agentPaths, IPC_GROUP, WEB_USER } from "./paths.ts";
import { peoplePolicy, webExecutorApp } from "./executor/web.ts";
import { groupId } from "../../runtime/proc/ids.ts";

const toolNames = applianceToolNames;

export function loadDeclared(): LoadedAgents {
  const file = agentPaths.compiled();
  const compiled: AgentDb = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : { version: 1, agents: [] };
  return loadAgents(compiled, agentPaths.overrides(), AGENT_MODULES, toolNames());
}

export async function runExecutor(): Promise<void> {
  const loaded = loadDeclared();
  for (const d of loaded.disabled) console.error(`agent ${d.name} disabled: ${d.reason}`);
  for (const d of loaded.ignored ?? []) console.error(`agent ${d.name}: override ignored: ${d.reason}`);
  const owner = userIds(AGENT_USER);
  // The web console (group aios-ipc) reads the agents' database (incidents, jobs) when the host is down.
  const ipc = groupId(IPC_GROUP);
  for (const dir of [agentPaths.stateDir(), agentPaths.runDir()]) {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    if (owner) chownSync(dir, owner.uid, ipc ?? owner.gid);
  }
  const memory = Memory.open(defaultDbPath());
  const ex = new LocalExecutor({
    tools: (policyFor) => openApplianceTools({ policyFor }), memory, agents: () => loaded.agents,
    fallbackPolicy: peoplePolicy, autonomyFile: agentPaths.autonomy(),
  });
  const isAgent = (name: string) => loaded.agents.some((a) => a.name === name);
  serveOn(agentApp(ex, isAgent), agentPaths.executorSocket(), 0o660, AGENT_USER);
  serveOn(adminApp(ex, isAgent), agentPaths.adminSocket(), 0o600);
  serveOn(webExecutorApp(ex), agentPaths.webSocket(), 0o660, WEB_USER, 0); // a service change waits out its settle period
  await notifyReady().catch((e) => console.error(`notify failed: ${errorMessage(e)}`));
  console.error(`executor ready: ${loaded.agents.length} agent declarations, autonomy ${ex.readAutonomy()}`);
}

export async function runAgentHost(): Promise<void> {
  // init's control socket is root's alone: the host reads init (status, logs) and reports its own
  // readiness through the executor's relay of those routes.
  process.env.AIOS_CONTROL = agentPaths.executorSocket();
  const loaded = loadDeclared();
  for (const d of loaded.disabled) console.error(`agent ${d.name} disabled: ${d.reason}`);
  for (const d of loaded.ignored ?? []) console.error(`agent ${d.name}: override ignored: ${d.reason}`);
  const db = openDatabase(agentPaths.db());
  const executor = new ExecutorClient(agentPaths.executorSocket());
  const policies: PolicyOverrides = {};
  for (const a of loaded.agents) for (const kind of a.decisions) policies[kind] = { highest: a.escalation.highest };
  const intel = createIntelligence({ rules: allRules(), dbPath: agentPaths.db(), policies });
  const host = new AgentHost({ loaded, modules: AGENT_MODULES, executor, ask: intel.ask, db, runner: relayRunner((argv, o) => executor.read(argv, o)), log: (l) => console.error(l) });
  const scheduler = new Scheduler(db, { timezone: setting("timezone"), onError: (e) => console.error(`scheduler: ${errorMessage(e)}`) });
  for (const a of loaded.agents) scheduler.declare(`agent:${a.name}`, a.enabled ? a.jobs : []);
  const app = hostApp(host, scheduler);
  const front = frontAgent({ host, loaded, executor, db, runner: relayRunner((argv, o) => executor.read(argv, o)), intel });
  mountChat(app, front.agent, front.goals, front.context);
  mountOpenAi(app, () => intel, front.agent);
  const unfollow = followGoals(front.goals, front.context);
  serveOn(app, agentPaths.hostSocket(), 0o660, IPC_GROUP); // the consoles: root, and the web console by its group
  host.start();
  scheduler.start(async (job) => job.target.kind === "agent" ? host.runJob(job.target.agent, job.target.job) : { ok: false, message: "operator tool jobs run through aiosctl tool call (not yet from the host)" });
  await notifyReady().catch((e) => console.error(`notify failed: ${errorMessage(e)}`));
  console.error(`agents: ${[...host.loops.keys()].join(", ") || "none"} running`);
  const stop = async () => { unfollow(); await scheduler.stop(); await host.stop(); process.exit(0); };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
