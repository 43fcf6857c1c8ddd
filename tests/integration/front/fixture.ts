// The front agent on the host, for real: the appliance's own agent declarations, the real executor
// (tool registry, approvals, snapshots, audit, memory on SQLite files), nft in a throwaway network
// namespace holding the shipped default firewall, and the intelligence hierarchy with no model.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../../runtime/db/open.ts";
import { Memory } from "../../../runtime/memory/index.ts";
import { Intelligence, staticRegistry } from "../../../runtime/models/hierarchy/intelligence.ts";
import { ReactiveModel } from "../../../runtime/models/reactive/reactive-model.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { openToolSystem } from "../../../tools/index.ts";
import { LocalExecutor } from "../../../agents/host/executor/local.ts";
import { IncidentStore } from "../../../agents/incidents/store.ts";
import { validateAgent } from "../../../agents/spec/validate.ts";
import { contextFactory } from "../../../agents/front/context.ts";
import { FrontAgent, plainEscalation } from "../../../agents/front/front.ts";
import { Goals } from "../../../agents/front/goals.ts";
import type { ChatEvent, FrontExecutor } from "../../../agents/front/types.ts";
import { addNetns, delNetns, nsNft } from "../tools/netns.ts";

const RULESET = new URL("../../../rootfs/etc/aios/firewall.nft", import.meta.url).pathname;
const decl = (name: string) => validateAgent(name, readFileSync(new URL(`../../../image/agents/${name}.toml`, import.meta.url), "utf8"), `${name}.toml`);

export interface FrontRig { dir: string; ns: string; ex: LocalExecutor; front: FrontAgent; goals: Goals; context: ReturnType<typeof contextFactory>; ruleset(): string; say(text: string, session?: string): Promise<ChatEvent[]>; close(): void }

export function frontRig(nft: string): FrontRig {
  const dir = mkdtempSync(join(tmpdir(), "aios-front-"));
  const ns = addNetns("front");
  nsNft(ns, nft, ["-f", RULESET]);
  const agents = ["network", "package", "maintenance", "monitor", "security"].map(decl);
  const memory = Memory.open(join(dir, "aios.db"));
  const target = { nft, netns: ns };
  const ex = new LocalExecutor({
    tools: (policyFor) => openToolSystem({ dbPath: join(dir, "aios.db"), snapshotDir: join(dir, "snapshots"), policyFor, nft: target, services: { list: async () => [], status: async (id: string) => ({ id, state: "running" }) } as never, settleMs: 0, memory, maintenance: undefined }),
    memory, agents: () => agents, autonomyFile: join(dir, "autonomy"),
  });
  const executor: FrontExecutor = {
    call: (r) => ex.call(r), preview: (r) => ex.preview(r), record: (r) => ex.record(r), approval: (id) => ex.approval(id),
    remember: (t, b, g) => ex.remember(t, b, g), autonomy: () => ex.autonomy(),
    auditSince: async (since, limit) => ex.sys.audit.since(since, limit), searchMemory: (t, l) => ex.searchMemory(t, l ?? 5),
  };
  const db = openDatabase(join(dir, "agents.db"));
  const goals = new Goals(db);
  const incidents = new IncidentStore(db);
  const context = contextFactory({ executor, runner: realRunner, incidents, agents, goals, agentStates: () => [], modelsText: async () => "no model is installed" });
  const intelligence = new Intelligence({ registry: staticRegistry([new ReactiveModel({})]) });
  const front = new FrontAgent({ goals, context, escalate: plainEscalation((r) => intelligence.ask(r)), services: async () => ["web", "ssh", "agents", "executor", "models", "ntp"] });
  return {
    dir, ns, ex, front, goals, context,
    ruleset: () => nsNft(ns, nft, ["list", "ruleset"]),
    async say(text, session) { const ev: ChatEvent[] = []; await front.chat({ text, session, who: "user:test@chat" }, (e) => ev.push(e)); return ev; },
    close() { ex.close(); db.close(); delNetns(ns); rmSync(dir, { recursive: true, force: true }); },
  };
}

export const textOf = (ev: ChatEvent[]) => ev.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("\n");
export const approvalsOf = (ev: ChatEvent[]) => ev.flatMap((e) => (e.type === "approval" ? [e] : []));
export const doneOf = (ev: ChatEvent[]) => ev.find((e) => e.type === "done") as Extract<ChatEvent, { type: "done" }>;
