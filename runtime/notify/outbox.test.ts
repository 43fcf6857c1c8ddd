import { Database } from "bun:sqlite";
import { describe, expect, it } from "vitest";
import { backoffMs, Outbox } from "./outbox.ts";

describe("notification outbox", () => {
  it("waits 30 s after the first failure, twice as long after each next one, never more than 1 h", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map((n) => backoffMs(n) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
  });

  it("queues a key once per channel; a claim holds until its lease ends; failures wait, then give up", () => {
    let t = 1_000_000;
    const o = new Outbox(new Database(":memory:"), () => t);
    expect(o.enqueue("k", { a: 1 }, ["webhook", "email"])).toEqual(["webhook", "email"]);
    expect(o.enqueue("k", { a: 2 }, ["webhook", "email"])).toEqual([]);
    const [w, e] = o.claim(60_000);
    expect([w!.channel, e!.channel, w!.attempts]).toEqual(["webhook", "email", 1]);
    expect(o.claim(60_000)).toEqual([]); // claimed: nobody else takes them
    o.sent(e!.id);
    expect(o.failed(w!.id, "boom", 2)).toBe("pending");
    t += 29_999;
    expect(o.claim(60_000)).toEqual([]);
    t += 1;
    const [again] = o.claim(60_000);
    expect(again).toMatchObject({ id: w!.id, attempts: 2 });
    expect(o.failed(w!.id, "boom again", 2)).toBe("failed");
    t += 10 * 3_600_000;
    expect(o.claim(60_000)).toEqual([]);
    expect(o.summary().counts).toEqual([{ channel: "email", state: "sent", n: 1 }, { channel: "webhook", state: "failed", n: 1 }]);
  });
});
