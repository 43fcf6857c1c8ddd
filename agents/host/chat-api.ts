// The front agent on the agent host's socket: POST /v1/chat streams the answer as NDJSON events
// (start, text, approval, goal, done); goals are listed, shown and resumed (after a person decided an
// approval) here too. The consoles render these events; none of them acts.
import type { Hono } from "hono";
import { UserError } from "../../runtime/errors.ts";
import { limitOf } from "./api.ts";
import type { FrontAgent } from "../front/front.ts";
import type { Goals } from "../front/goals.ts";
import type { ChatEvent, ChatRequest, Emit, FrontContext } from "../front/types.ts";

/** A response whose body is one JSON event per line, written as the work produces them. */
export function ndjson(work: (emit: Emit) => Promise<void>): Response {
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(ctrl) {
      const emit = (e: ChatEvent) => { try { ctrl.enqueue(enc.encode(`${JSON.stringify(e)}\n`)); } catch { /* the client left */ } };
      try { await work(emit); } catch (err) { emit({ type: "text", text: `error: ${(err as Error).message}` }); }
      try { ctrl.close(); } catch { /* already closed */ }
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" } });
}

export function mountChat(app: Hono, front: FrontAgent, goals: Goals, context: (req: ChatRequest) => FrontContext): void {
  app.post("/v1/chat", async (c) => {
    const b = (await c.req.json().catch(() => null)) as Partial<ChatRequest> | null;
    if (!b || typeof b.text !== "string" || !b.text.trim()) throw new UserError("the body must be JSON with a non-empty text");
    if (b.text.length > 4000) throw new UserError("the request is longer than 4000 characters");
    const who = typeof b.who === "string" && /^[\w.:@/-]{1,80}$/.test(b.who) ? b.who : "unknown";
    const req: ChatRequest = { text: b.text, session: typeof b.session === "string" ? b.session : undefined, who };
    return ndjson((emit) => front.chat(req, emit));
  });
  app.get("/v1/goals", (c) => c.json({ goals: goals.list(limitOf(c.req.query("limit"), 20)) }));
  app.get("/v1/goals/:id", (c) => c.json(goals.get(goalId(c.req.param("id")))));
  app.post("/v1/goals/:id/resume", async (c) => {
    const id = goalId(c.req.param("id"));
    const g = goals.get(id);
    return ndjson(async (emit) => { await goals.run(id, context({ text: g.request, who: g.who }), emit); });
  });
}

function goalId(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`"${s}" is not a goal id`);
  return n;
}

/** Goals blocked on an approval decided elsewhere (web page, aiosctl approve) carry on by themselves. */
export function followGoals(goals: Goals, context: (req: ChatRequest) => FrontContext, everyMs = 5000): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const g of goals.open()) {
        const v = goals.get(g.id);
        await goals.run(g.id, context({ text: v.request, who: v.who })).catch(() => {});
      }
    } finally { busy = false; }
  };
  void tick(); // goals cut off by a restart or a reboot resume at once
  const t = setInterval(() => void tick(), everyMs);
  return () => clearInterval(t);
}
