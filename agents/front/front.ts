// The front agent: understands a request, answers it or turns it into a goal carried out by the worker
// agents, and says which tier understood it. The reactive router comes first (it needs no model);
// what it cannot place escalates through the hierarchy — to a model that may read with the worker
// agents' tools and propose changes, which always wait for a person. Untrusted text (the request,
// logs, files) is data: it is classified or quoted, never obeyed.
import { createHash, randomUUID } from "node:crypto";
import { errorMessage } from "../../runtime/errors.ts";
import type { ChatMessage } from "../../runtime/models/model.ts";
import { Goals } from "./goals.ts";
import { HANDLERS } from "./intents/index.ts";
import { route } from "./router/index.ts";
import type { Route } from "./router/types.ts";
import type { ChatEvent, ChatRequest, Emit, FrontContext, Understood } from "./types.ts";

const SESSION_TTL_MS = 30 * 60_000;
/** Conversations kept at once; past this the least recently used one is forgotten (each holds up to HISTORY turns). */
export const MAX_SESSIONS = 200;
const HISTORY = 8;

export interface ModelAnswer { text: string; tier: Understood; modelId?: string; decisions: string[] }
/** Asks the model tiers (with tools, when the bridge is wired); `undefined` when no tier could answer. */
export type Escalate = (messages: ChatMessage[], ctx: FrontContext, emit: Emit) => Promise<ModelAnswer | { none: string }>;

interface Session { pending?: Route; history: ChatMessage[]; at: number }

export interface FrontDeps {
  goals: Goals;
  /** The context for one request (executor, runner, incidents, owners …), made per request. */
  context(req: ChatRequest): FrontContext;
  escalate: Escalate;
  services(): Promise<string[]>;
}

export class FrontAgent {
  /** Least recently used first: a turn moves its session to the end. */
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly d: FrontDeps) {}

  /** How many conversations are kept now (a one-shot `aiosctl chat` makes one each). */
  get sessionCount(): number { return this.sessions.size; }

  /** The turns kept for one conversation (at most HISTORY), for tests and diagnostics. */
  historyOf(session: string): readonly ChatMessage[] { return this.sessions.get(session)?.history ?? []; }

  async chat(req: ChatRequest, emit: Emit): Promise<void> {
    const session = req.session && /^[\w.:-]{1,80}$/.test(req.session) ? req.session : randomUUID();
    const s = this.session(session);
    try { await this.turn(req, session, s, emit); } finally { s.history = s.history.slice(-HISTORY); } // every way out, a clarification's too
  }

  private async turn(req: ChatRequest, session: string, s: Session, emit: Emit): Promise<void> {
    const ctx = this.d.context(req);
    const text = req.text.trim().slice(0, 4000);
    const r = route(text, { services: await this.d.services().catch(() => []), pending: s.pending, now: ctx.now() });
    s.history.push({ role: "user", content: text });
    const say = (e: ChatEvent) => { if (e.type === "text") s.history.push({ role: "assistant", content: e.text }); emit(e); };
    if (r.intent !== "unknown") { // the router says "unknown" itself below its threshold
      emit({ type: "start", session, tier: "reactive", intent: r.intent, confidence: r.confidence });
      if (r.missing.length) {
        s.pending = r;
        say({ type: "text", text: r.clarify ?? `I need the ${r.missing.join(" and ")} for that.` });
        emit({ type: "done", session, tier: "reactive", intent: r.intent });
        return;
      }
      s.pending = undefined;
      let goal: number | undefined;
      try {
        const reply = await HANDLERS[r.intent](r.slots, ctx, r);
        say({ type: "text", text: reply.text });
        if (reply.plan?.steps.length) goal = await this.d.goals.start(reply.plan, ctx, "reactive", say);
      } catch (err) {
        say({ type: "text", text: `I understood "${r.intent}" but could not finish it: ${errorMessage(err)}` });
      }
      await this.record(ctx, session, "reactive", { intent: r.intent, confidence: r.confidence, slots: redact(r.slots), goal });
      emit({ type: "done", session, tier: "reactive", intent: r.intent, goal });
      return;
    }
    s.pending = undefined;
    const withSession: Emit = (e) => emit(e.type === "start" || e.type === "done" ? { ...e, session } : e);
    const answer = await this.d.escalate(s.history.slice(-HISTORY), ctx, withSession).catch((err) => ({ none: errorMessage(err) }));
    if ("none" in answer) {
      emit({ type: "start", session, tier: "none" });
      say({ type: "text", text: `I could not understand that. The reactive router found no request it knows in it, and no model could take it: ${answer.none}.\nType help for what I can do without a model; an operator can add a GGUF model (aiosctl models) or a cloud key for free-form questions.` });
      await this.record(ctx, session, "none", { reason: answer.none });
      emit({ type: "done", session, tier: "none" });
    } else {
      s.history.push({ role: "assistant", content: answer.text });
      await this.record(ctx, session, answer.tier, { model: answer.modelId, decisions: answer.decisions });
      emit({ type: "done", session, tier: answer.tier, model: answer.modelId, decisions: answer.decisions });
    }
  }

  /**
   * One request answered by the reactive tier alone, for callers that take text only (the /v1 API when
   * no model tier could answer). A change the request asks for is described, never started: goals and
   * their approvals belong to the chat consoles. `undefined` when the router knows no such request.
   */
  async answer(req: ChatRequest): Promise<{ text: string; intent: string; confidence: number } | undefined> {
    const ctx = this.d.context(req);
    const r = route(req.text.trim().slice(0, 4000), { services: await this.d.services().catch(() => []), now: ctx.now() });
    if (r.intent === "unknown") return undefined;
    let text: string;
    if (r.missing.length) text = r.clarify ?? `I need the ${r.missing.join(" and ")} for that.`;
    else {
      try {
        const reply = await HANDLERS[r.intent](r.slots, ctx, r);
        text = reply.text;
        if (reply.plan?.steps.length) text += `\n\nThis is a change (${reply.plan.title}), and this API only answers. Ask for it in chat (aiosctl chat, the serial console or the web console), where its approvals are shown.`;
      } catch (err) {
        text = `I understood "${r.intent}" but could not finish it: ${errorMessage(err)}`;
      }
    }
    await this.record(ctx, "api", "reactive", { intent: r.intent, confidence: r.confidence, slots: redact(r.slots), via: "api" });
    return { text, intent: r.intent, confidence: r.confidence };
  }

  private session(id: string): Session {
    const now = Date.now();
    // Oldest first: expired ones are dropped from the front, then the least recently used past the cap.
    for (const [k, v] of this.sessions) { if (now - v.at <= SESSION_TTL_MS) break; this.sessions.delete(k); }
    const s = this.sessions.get(id) ?? { history: [], at: now };
    s.at = now;
    this.sessions.delete(id);
    this.sessions.set(id, s);
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    return s;
  }

  private async record(ctx: FrontContext, session: string, tier: Understood, data: Record<string, unknown>): Promise<void> {
    const promptHash = createHash("sha256").update(ctx.request).digest("hex").slice(0, 16);
    await ctx.executor.record({ kind: "decision", actor: "agent:front", subject: `chat:${session}`, data: { type: "chat", tier, promptHash, who: ctx.who, ...data } }).catch(() => {});
  }
}

/** Keys and long values are not copied into the audit chain whole. */
function redact(slots: Route["slots"]): Route["slots"] {
  return slots.key ? { ...slots, key: `${slots.key.split(" ")[0]} …(${slots.key.length} chars)` } : slots;
}
