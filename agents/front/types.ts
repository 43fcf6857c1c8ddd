// What the front agent says back, as a stream of events any console can render: which tier understood
// the request, text, approvals to answer inline (with the effects previewed), goals and their progress.
import type { Runner } from "../../runtime/proc/exec.ts";
import type { CallRequest } from "../../tools/outcome.ts";
import type { Executor, Outcome, Preview } from "../host/executor/api.ts";
import type { AuditView, MemoryHit } from "../host/executor/client.ts";
import type { IncidentStore } from "../incidents/store.ts";
import type { Route, Slots } from "./router/types.ts";

/** Who understood a request: a tier of the hierarchy, or nobody ("none"). */
export type Understood = "reactive" | "local-small" | "local-medium" | "local-large" | "remote" | "none";

export interface ApprovalView { id: string; tool: string; agent: string; effects: string[]; risk: string; reason: string; expiresAt?: number }

export type ChatEvent =
  | { type: "start"; session: string; tier: Understood; intent?: string; confidence?: number }
  | { type: "text"; text: string }
  | { type: "approval"; goal?: number; approval: ApprovalView }
  | { type: "goal"; goal: number; state: string; title: string }
  | { type: "done"; session: string; tier: Understood; intent?: string; model?: string; goal?: number; decisions?: string[] };

export type Emit = (e: ChatEvent) => void;

export interface ChatRequest {
  text: string;
  /** Keeps a conversation (clarifying questions, follow-ups); made up by the host when absent. */
  session?: string;
  /** Who is asking: "ssh:root", "serial:ttyS0", "web:<user>". Recorded with every goal and approval. */
  who: string;
}

/** A change the front agent proposes: tool calls carried out by the worker agents that own them. */
export interface PlanStep { tool: string; input: unknown; why: string }
export type GoalCheck =
  | { kind: "port"; port: number; proto: "tcp" | "udp"; open: boolean }
  | { kind: "package"; name: string; installed: boolean }
  | { kind: "service"; id: string; running: boolean }
  | { kind: "access" };
export interface Plan { title: string; steps: PlanStep[]; check?: GoalCheck; note?: string }

/** A handler's answer: text for the person, and a plan when the request needs changes. */
export interface Reply { text: string; plan?: Plan }

/** What the executor client offers the front agent (an interface, so tests can use a LocalExecutor). */
export interface FrontExecutor extends Pick<Executor, "call" | "preview" | "record" | "approval" | "remember" | "autonomy" | "tools"> {
  auditSince(since: number, limit?: number): Promise<AuditView[]>;
  searchMemory(text: string, limit?: number): Promise<MemoryHit[]>;
}

export interface FrontContext {
  executor: FrontExecutor;
  runner: Runner;
  incidents: IncidentStore;
  /** The worker agent that holds a tool (from the agents' declarations). */
  ownerOf(tool: string): string | undefined;
  /** Each agent's state, for "what are the agents doing". */
  agents(): { name: string; state: string; reason?: string; openIncidents: number; cycles: number }[];
  goals(): { id: number; title: string; state: string }[];
  /** The model tiers and what is installed, in words. */
  modelsText(): Promise<string>;
  now(): number;
  who: string;
  request: string;
}

export type Handler = (slots: Slots, ctx: FrontContext, route: Route) => Promise<Reply>;

/** Runs one read-only tool as the agent that owns it and returns its result (throws with the reason). */
export async function read<T>(ctx: FrontContext, tool: string, input: unknown = {}): Promise<T> {
  const agent = ctx.ownerOf(tool);
  if (!agent) throw new Error(`no agent holds ${tool}`);
  const req: CallRequest = { agent, tool, input, why: { reason: `chat: ${ctx.request.slice(0, 200)}`, tier: "reactive" } };
  const out: Outcome = await ctx.executor.call(req);
  if (out.status === "done") return out.result as T;
  throw new Error(out.status === "refused" ? `${tool} refused: ${out.reason}` : out.status === "failed" ? `${tool} failed: ${out.error}` : `${tool}: ${out.status}`);
}

export type { Preview };
