// The front agent for the web console: POST /api/chat {text, session?} streams its events as SSE
// (event: start|text|approval|goal|done); approvals shown inline are decided through /api/approvals,
// after which POST /api/goals/:id/resume streams the rest. GET /api/goals lists goals.
import type { Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ChatEvent } from "../../../agents/front/types.ts";
import { hostRequest, hostStream } from "../../../agents/host/client.ts";
import { errorMessage, UserError } from "../../../runtime/errors.ts";
import { webActor } from "../session.ts";


function sse(c: Context, events: AsyncIterable<ChatEvent>) {
  return streamSSE(c, async (s) => {
    let id = 0;
    try {
      for await (const e of events) await s.writeSSE({ event: e.type, data: JSON.stringify(e), id: String(++id) });
    } catch (err) {
      await s.writeSSE({ event: "error", data: JSON.stringify({ error: errorMessage(err) }) });
    }
  });
}

export function mountChat(app: Hono): void {
  app.post("/api/chat", async (c) => {
    const b = (await c.req.json().catch(() => null)) as { text?: unknown; session?: unknown } | null;
    if (!b || typeof b.text !== "string" || !b.text.trim()) throw new UserError("the body must be JSON with a non-empty text", '{"text": "why is the disk full?"}');
    const events = hostStream<ChatEvent>("/v1/chat", { text: b.text, session: typeof b.session === "string" ? b.session : undefined, who: webActor(c) });
    const first = await events.next(); // a host that is down or refuses becomes a 4xx/5xx here, not a broken stream
    return sse(c, (async function* () { if (!first.done) yield first.value; yield* events; })());
  });
  app.post("/api/goals/:id/resume", (c) => sse(c, hostStream<ChatEvent>(`/v1/goals/${encodeURIComponent(c.req.param("id"))}/resume`)));
  app.get("/api/goals", async (c) => c.json(await hostRequest("GET", "/v1/goals")));
}
