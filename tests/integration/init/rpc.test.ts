// The JSON-lines control socket: answers match requests by id even when many are in flight, large
// answers arrive whole, and malformed requests get a reason instead of a dropped connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InitUnderTest } from "./fixture.ts";
import { rpc } from "../../../runtime/control/rpc.ts";

let init: InitUnderTest;
beforeAll(async () => {
  init = new InitUnderTest({ talker: `command = ["/bin/sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done; exec sleep 1000"]` });
  await init.start();
  await init.until(() => init.call<{ lines: unknown[] }>("GET", "/v1/logs?service=talker&n=5000"), (r) => r.lines.length >= 3000);
});
afterAll(async () => { await init.stop(); });

describe("the JSON-lines control socket", () => {
  it("answers many requests in flight, each to its own", async () => {
    const paths = Array.from({ length: 50 }, (_, i) => (i % 2 ? "/v1/services/talker" : "/v1/services/nope"));
    const answers = await Promise.all(paths.map((p) => rpc(`${init.socket}.rpc`, "GET", p)));
    answers.forEach((a, i) => expect(a.status).toBe(i % 2 ? 200 : 404));
  });

  it("delivers a large answer whole", async () => {
    const r = await rpc(`${init.socket}.rpc`, "GET", "/v1/logs?service=talker&n=5000");
    expect(r.status).toBe(200);
    expect((r.body as { lines: unknown[] }).lines.length).toBeGreaterThanOrEqual(3000);
  });

  it("explains malformed requests and refuses streams", async () => {
    const replies: string[] = [];
    const sock = await Bun.connect({ unix: `${init.socket}.rpc`, socket: { data(_s, d) { replies.push(...d.toString().split("\n").filter(Boolean)); } } });
    sock.write("this is not json\n");
    sock.write(`${JSON.stringify({ id: 7, method: "DELETE", path: "/v1/status" })}\n`);
    sock.write(`${JSON.stringify({ id: 8, method: "GET", path: "/v1/events?follow=1" })}\n`);
    while (replies.length < 3) await Bun.sleep(10);
    sock.end();
    const parsed = replies.map((r) => JSON.parse(r) as { id: number | null; status: number; body: { error: string } });
    expect(parsed.every((p) => p.status === 400)).toBe(true);
    expect(parsed.find((p) => p.id === null)!.body.error).toContain("one line of JSON");
    expect(parsed.find((p) => p.id === 7)!.body.error).toContain("GET or POST");
    expect(parsed.find((p) => p.id === 8)!.body.error).toContain("HTTP control socket");
  });
});
