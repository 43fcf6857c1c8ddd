// Reactive rule sets, the SSE parser and the runtime's priority queue.
import { describe, expect, it } from "vitest";
import { ReactiveModel } from "../../../runtime/models/reactive/reactive-model.ts";
import { readSse } from "../../../runtime/models/remote/sse.ts";
import { PriorityQueue } from "../../../runtime/model-runtime/queue.ts";

describe("reactive model", () => {
  const m = new ReactiveModel({
    restart: [
      { name: "crash-loop", when: (f) => Number(f.restarts) > 5, answer: () => ({ action: "stop" }), confidence: 0.9 },
      { name: "crashed", when: (f) => f.state === "failed", answer: () => ({ action: "restart" }) },
    ],
  });
  it("answers from the first matching rule of the decision type and names it", async () => {
    const r = await m.generate({ decisionType: "restart", messages: [], facts: { state: "failed", restarts: 9 } });
    expect(r.output).toEqual({ kind: "object", content: '{"action":"stop"}', object: { action: "stop" } });
    expect(r.model.id).toBe("rules/restart/crash-loop");
    expect(r.confidence).toBe(0.9);
  });
  it("says don't know when no rule fits or the type has no rules", async () => {
    expect((await m.generate({ decisionType: "restart", messages: [], facts: { state: "running" } })).output.kind).toBe("unknown");
    expect((await m.generate({ decisionType: "firewall", messages: [] })).output).toEqual({ kind: "unknown", reason: "no rule for this firewall case" });
  });
});

describe("SSE parser", () => {
  it("handles events split across chunks, multi-line data, comments and CRLF", async () => {
    const parts = ["event: a\r\nda", "ta: 1\r\ndata: 2\r\n\r\n: ping\n\n", "data: [DONE]\n\n"];
    const body = new ReadableStream<Uint8Array>({ start(c) { for (const p of parts) c.enqueue(new TextEncoder().encode(p)); c.close(); } });
    const got = [];
    for await (const m of readSse(body)) got.push(m);
    expect(got).toEqual([{ event: "a", data: "1\n2" }, { event: undefined, data: "[DONE]" }]);
  });
});

describe("priority queue", () => {
  it("runs one job at a time, higher priority first, FIFO within a priority", async () => {
    const q = new PriorityQueue();
    const order: string[] = [];
    let release!: () => void;
    const first = q.push(() => new Promise<void>((r) => { release = r; order.push("first"); }));
    const jobs = [q.push(async () => { order.push("low-1"); }, 0), q.push(async () => { order.push("low-2"); }, 0), q.push(async () => { order.push("high"); }, 10)];
    expect(q.pending).toBe(3);
    release();
    await Promise.all([first, ...jobs]);
    expect(order).toEqual(["first", "high", "low-1", "low-2"]);
  });
  it("skips a job whose caller gave up while it waited", async () => {
    const q = new PriorityQueue();
    const ac = new AbortController();
    let ran = false;
    const blocker = q.push(() => Bun.sleep(5));
    const skipped = q.push(async () => { ran = true; }, 0, ac.signal);
    ac.abort(new Error("caller gone"));
    await blocker;
    await expect(skipped).rejects.toThrow("caller gone");
    expect(ran).toBe(false);
  });
});
