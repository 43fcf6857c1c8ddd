// The front agent's memory of conversations stays bounded: every chat without a session id (each
// one-shot `aiosctl chat`, the soak's load) starts one, kept 30 minutes; past MAX_SESSIONS the least
// recently used is forgotten, and a session's history keeps its last turns on every way out of a
// turn, a clarification's too (it used to grow there without end).
import { Database } from "bun:sqlite";
import { describe, expect, it } from "vitest";
import { FrontAgent, MAX_SESSIONS } from "./front.ts";
import { Goals } from "./goals.ts";
import type { ChatEvent, FrontContext } from "./types.ts";

function front(): FrontAgent {
  const goals = new Goals(new Database(":memory:"));
  const context = (req: { text: string; who: string }): FrontContext => ({
    executor: { record: async () => ({ seq: 1 }) } as never, runner: undefined as never, incidents: undefined as never,
    ownerOf: () => undefined, agents: () => [], goals: () => [], modelsText: async () => "", now: Date.now, who: req.who, request: req.text,
  });
  return new FrontAgent({ goals, context, escalate: async () => ({ none: "no model here" }), services: async () => ["web", "ssh"] });
}

const say = async (f: FrontAgent, text: string, session?: string) => {
  const ev: ChatEvent[] = [];
  await f.chat({ text, session, who: "user:test" }, (e) => ev.push(e));
  return ev;
};

describe("front agent sessions", () => {
  it("keeps at most MAX_SESSIONS conversations however many one-shot chats come, the latest ones", async () => {
    const f = front();
    await say(f, "help", "kept");
    for (let i = 0; i < MAX_SESSIONS + 50; i++) {
      if (i % 10 === 0) await say(f, "hello", "kept"); // in use: never the least recently used
      await say(f, "help");
    }
    expect(f.sessionCount).toBe(MAX_SESSIONS);
    expect(f.historyOf("kept").length).toBeGreaterThan(0);
  });

  it("keeps a session's last turns only, after clarifications and answers alike", async () => {
    const f = front();
    for (let i = 0; i < 40; i++) {
      const ev = await say(f, "restart", "s1");
      expect(ev.some((e) => e.type === "text")).toBe(true);
    }
    expect(f.historyOf("s1").length).toBeLessThanOrEqual(8);
    for (let i = 0; i < 40; i++) await say(f, "write me a poem about the sea", "s1"); // no tier answers
    expect(f.historyOf("s1").length).toBeLessThanOrEqual(8);
  });
});
