// aiosctl verbs for the agents; registered in ../tree.ts: `agents`, `agent <name> pause|resume|cycle`,
// `autonomy [off|propose|on]`, `incidents [list|show <id>]`, `incident <id>`. Live state comes from the agent host's
// socket; incidents are read from the agents' database when the host is down.
import { defineCommand, type CommandDef } from "citty";
import { renderAgents, renderIncident, renderIncidents } from "../../render/agents.ts";
import type { AgentStatus } from "../../../agents/host/host.ts";
import { adminExecutor, currentAutonomy, hostRequest, readIncidents } from "../../../agents/host/client.ts";
import type { Incident } from "../../../agents/incidents/store.ts";
import { NotFoundError, UserError } from "../../../runtime/errors.ts";
import { personActor } from "../../../tools/appliance.ts";
import { act, EXIT } from "../fail.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const print = (v: unknown, asJson: boolean | undefined, human: () => string) => console.log(asJson ? JSON.stringify(v, null, 2) : human());

const host = hostRequest;
const admin = adminExecutor;
const autonomyNow = currentAutonomy;

const agents = defineCommand({
  meta: { name: "agents", description: "each agent's state, last observation, open incidents and decisions by tier" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const r = await host<{ agents: AgentStatus[] }>("GET", "/v1/agents");
    const autonomy = await autonomyNow();
    print({ autonomy, agents: r.agents }, a.json, () => renderAgents(r.agents, autonomy));
  }),
});

const agent = defineCommand({
  meta: { name: "agent", description: "aiosctl agent <name> pause|resume|cycle: stop, restart or run one agent's loop now" },
  args: { name: { type: "positional", required: true, description: "agent" }, verb: { type: "positional", required: true, description: "pause, resume or cycle" }, json },
  run: act(async (a: { name: string; verb: string; json?: boolean }) => {
    if (!["pause", "resume", "cycle"].includes(a.verb)) throw new UserError(`unknown verb "${a.verb}"`, "use pause, resume or cycle");
    const r = await host<AgentStatus>("POST", `/v1/agents/${encodeURIComponent(a.name)}/${a.verb}`);
    print(r, a.json, () => (a.verb === "cycle" ? JSON.stringify(r, null, 2) : `${a.name}: ${r.state}`));
  }),
});

const autonomy = defineCommand({
  meta: { name: "autonomy", description: "how far the agents may go: off (observe only), propose (every action approved), on (policy decides)" },
  args: { value: { type: "positional", required: false, description: "off, propose or on (omit to show)" }, json },
  run: act(async (a: { value?: string; json?: boolean }) => {
    const value = a.value === undefined ? await admin().autonomy() : await admin().setAutonomy(a.value, personActor("aiosctl"));
    print({ autonomy: value }, a.json, () => `autonomy: ${value}`);
  }),
});

const listArgs = { open: { type: "boolean", description: "only open ones" }, search: { type: "string", description: "full-text search" }, n: { type: "string", alias: "n", default: "50", description: "how many" }, json } as const;

const list = defineCommand({
  meta: { name: "list", description: "incidents, newest first (--open: only those not closed; --search words)" },
  args: listArgs,
  run: act(async (a: { open?: boolean; search?: string; n: string; json?: boolean }) => {
    const n = Number(a.n);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`-n must be a positive integer, not "${a.n}"`);
    let found: Incident[] = [];
    try { found = readIncidents((s) => (a.search ? s.search(a.search, n) : s.list({ open: a.open, limit: n }))); } catch (e) { if (!(e instanceof NotFoundError)) throw e; } // no database yet: none
    print({ incidents: found }, a.json, () => renderIncidents(found));
  }),
});

const show = (name: string) => defineCommand({
  meta: { name, description: "one incident: evidence, decisions (tier, model, prompt hash), actions (audit ids), verification" },
  args: { id: { type: "positional", required: true, description: "incident number" }, json },
  run: act(async (a: { id: string; json?: boolean }) => {
    const id = Number(a.id);
    if (!Number.isInteger(id) || id < 1) throw new UserError(`an incident id is a positive integer, not "${a.id}"`);
    const inc: Incident | undefined = readIncidents((s) => s.get(id));
    if (!inc) throw new NotFoundError(`no incident ${id}`, "aiosctl incidents lists them");
    print(inc, a.json, () => renderIncident(inc));
    return EXIT.ok;
  }),
});

// `aiosctl incidents [--open]` lists (the default verb, so its flags are the group's too); `incident <id>` stays as a short form of show.
const incidents = defineCommand({
  meta: { name: "incidents", description: "incidents: list (the default; --open, --search words, -n) and show <id>" },
  args: listArgs,
  default: "list",
  subCommands: { list, show: show("show") },
});

export const agentsCommands: Record<string, CommandDef<any>> = { agents, agent, autonomy, incidents, incident: show("incident") };
