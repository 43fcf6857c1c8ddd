// GET /api/events as a client reads it: a greeting with each source's state, events as id/event/data
// frames, heartbeats as comments, and a resume from Last-Event-ID.
import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { EventHub } from "../../../consoles/web/events/hub.ts";
import { mountEvents } from "../../../consoles/web/events/route.ts";

async function readUntil(res: Response, text: string): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let got = "";
  while (!got.includes(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    got += dec.decode(value, { stream: true });
  }
  await reader.cancel();
  return got;
}

describe("GET /api/events", () => {
  it("greets, frames events, beats, and resumes after Last-Event-ID", async () => {
    const hub = new EventHub([]);
    hub.problem("init", "cannot reach aios init at /run/aios/init.sock");
    hub.problem("audit", undefined);
    const app = new Hono();
    mountEvents(app, hub, 30);
    const res = await app.request("/api/events");
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const e = setTimeout(() => hub.publish({ type: "approval", kind: "approval.requested", ts: 5, data: { subject: "apr-1" } }), 10);
    const text = await readUntil(res, ": heartbeat");
    clearTimeout(e);
    expect(text).toContain("retry: 3000\n");
    expect(text).toContain(": init events unavailable: cannot reach aios init at /run/aios/init.sock\n\n");
    expect(text).toContain(": audit events following\n\n");
    const id = hub.base + 1;
    expect(text).toContain(`id: ${id}\nevent: approval\ndata: {"subject":"apr-1","kind":"approval.requested","ts":5}\n\n`);
    expect(hub.subscribers).toBe(0); // the cancelled reader unsubscribed

    hub.publish({ type: "service", kind: "service.state", ts: 6, data: { service: "web" } });
    const resumed = await readUntil(await app.request("/api/events", { headers: { "last-event-id": String(id) } }), `id: ${id + 1}`);
    expect(resumed).not.toContain(`id: ${id}\n`);
    expect(resumed).toContain(`id: ${id + 1}\nevent: service\n`);
  });

  it("refuses a Last-Event-ID that is not an id", async () => {
    const app = new Hono();
    app.onError((err, c) => c.json({ error: err.message }, 400));
    mountEvents(app, new EventHub([]));
    const res = await app.request("/api/events", { headers: { "last-event-id": "yesterday" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain("Last-Event-ID must be an event id");
  });
});
