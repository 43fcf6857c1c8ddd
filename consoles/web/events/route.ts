// GET /api/events: Server-Sent Events of service state changes, incidents, approvals, decisions and
// monitor samples (event: sample, for the dashboard's charts).
// `id:` increases; a reconnect with Last-Event-ID (or ?last_event_id=) gets only what came after, from
// the hub's ring. Comment lines carry heartbeats and sources that cannot be reached; a client that
// goes away is unsubscribed at once.
import type { Hono } from "hono";
import { setting } from "../../../runtime/config/settings.ts";
import { agentPaths } from "../../../agents/host/paths.ts";
import { UserError } from "../../../runtime/errors.ts";
import { auditFeed, incidentFeed, initFeed, sampleFeed } from "./feeds.ts";
import { EventHub, type Delivery } from "./hub.ts";

export const applianceEventHub = () => new EventHub([
  initFeed(() => setting("control_read_socket")), // the console may read init, not control it
  auditFeed(() => setting("audit_db")),
  incidentFeed(() => agentPaths.db()),
  sampleFeed(() => setting("state_db")),
]);

const frame = (d: Delivery) => "event" in d
  ? `id: ${d.event.id}\nevent: ${d.event.type}\ndata: ${JSON.stringify({ ...d.event.data, kind: d.event.kind, ts: d.event.ts })}\n\n`
  : `: ${d.comment.replace(/\n/g, " ")}\n\n`;

export function mountEvents(app: Hono, hub = applianceEventHub(), heartbeatMs = 15_000): EventHub {
  app.get("/api/events", (c) => {
    const raw = c.req.header("last-event-id") ?? c.req.query("last_event_id");
    const lastId = raw === undefined || raw === "" ? undefined : Number(raw);
    if (lastId !== undefined && !Number.isSafeInteger(lastId)) throw new UserError(`Last-Event-ID must be an event id, not "${raw}"`, "send the id: of the last event you got, or nothing");
    // The stream is quiet between heartbeats for longer than Bun's idle timeout: lift it for this request.
    (c.env as { timeout?: (req: Request, s: number) => void } | undefined)?.timeout?.(c.req.raw, 0);
    hub.start();
    const enc = new TextEncoder();
    let cleanup = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(ctrl) {
        const write = (text: string) => { try { ctrl.enqueue(enc.encode(text)); } catch { cleanup(); } };
        write(`retry: 3000\n: aiOS events (service, incident, approval, decision, sample); resume with Last-Event-ID\n\n`);
        for (const p of hub.currentStates()) write(frame({ comment: p }));
        if (lastId !== undefined) {
          const missed = hub.after(lastId);
          if (missed.note) write(frame({ comment: missed.note }));
          for (const event of missed.events) write(frame({ event }));
        }
        const unsubscribe = hub.subscribe((d) => write(frame(d)));
        const beat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), heartbeatMs);
        cleanup = () => { unsubscribe(); clearInterval(beat); };
        c.req.raw.signal.addEventListener("abort", () => { cleanup(); try { ctrl.close(); } catch { /* already closed */ } }, { once: true });
      },
      cancel() { cleanup(); },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" } });
  });
  return hub;
}
