// The web console's event ring: increasing ids, bounded memory, and what a reconnect with
// Last-Event-ID gets (exactly what it missed, or a note saying why it cannot).
import { describe, expect, it } from "vitest";
import { EventHub, type Delivery } from "../../../consoles/web/events/hub.ts";

const ev = (n: number) => ({ type: "service" as const, kind: "service.state", ts: n, data: { n } });

describe("event hub", () => {
  it("numbers events upwards from its start time and hands them to subscribers", () => {
    const hub = new EventHub([], 10);
    const got: Delivery[] = [];
    const off = hub.subscribe((d) => got.push(d));
    const a = hub.publish(ev(1));
    const b = hub.publish(ev(2));
    off();
    hub.publish(ev(3));
    expect(a.id).toBeGreaterThan(hub.base);
    expect(b.id).toBe(a.id + 1);
    expect(got).toEqual([{ event: a }, { event: b }]);
  });

  it("resumes after an id with only the newer events", () => {
    const hub = new EventHub([], 10);
    const ids = [1, 2, 3, 4].map((n) => hub.publish(ev(n)).id);
    expect(hub.after(ids[1]!)).toEqual({ events: [expect.objectContaining({ id: ids[2] }), expect.objectContaining({ id: ids[3] })] });
    expect(hub.after(ids[3]!).events).toEqual([]);
  });

  it("keeps a bounded ring and says when a resume point fell out of it", () => {
    const hub = new EventHub([], 3);
    const ids = [1, 2, 3, 4, 5, 6].map((n) => hub.publish(ev(n)).id);
    const r = hub.after(ids[0]!);
    expect(r.events.map((e) => e.id)).toEqual(ids.slice(3));
    expect(r.note).toContain(`events ${ids[1]}..${ids[2]} are no longer kept`);
  });

  it("recognises an id from an earlier run of the web console", () => {
    const hub = new EventHub([], 3);
    hub.publish(ev(1));
    const r = hub.after(hub.base - 5);
    expect(r.events).toHaveLength(1);
    expect(r.note).toContain("earlier run");
  });

  it("tells subscribers when a source goes away and comes back, once each", () => {
    const hub = new EventHub([], 3);
    const got: Delivery[] = [];
    hub.subscribe((d) => got.push(d));
    hub.problem("init", "cannot reach aios init");
    hub.problem("init", "cannot reach aios init");
    expect(hub.currentStates()).toEqual(["init events unavailable: cannot reach aios init"]);
    hub.problem("init", undefined);
    hub.problem("init", undefined);
    expect(got).toEqual([{ comment: "init events unavailable: cannot reach aios init" }, { comment: "init events following" }]);
    expect(hub.currentStates()).toEqual(["init events following"]);
  });

  it("starts its feeds once and stops them", async () => {
    let runs = 0;
    let stopped = false;
    const hub = new EventHub([{ name: "f", run: async (_h, signal) => { runs++; await new Promise((r) => signal.addEventListener("abort", r)); stopped = true; } }]);
    hub.start();
    hub.start();
    hub.stop();
    await Bun.sleep(0);
    expect({ runs, stopped }).toEqual({ runs: 1, stopped: true });
  });
});
