import { describe, expect, it } from "vitest";
import { SessionStore } from "./sessions.ts";

describe("web sessions", () => {
  let t = 0;
  const store = () => new SessionStore({ idleMs: 30 * 60_000, maxMs: 12 * 3_600_000, maxSessions: 3 }, () => t);

  it("gives each login its own unguessable id, a CSRF token and a public tag that is not the id", () => {
    t = 0;
    const s = store();
    const a = s.start({ user: "alice", role: "operator", grant: "g" }), b = s.start({ role: "admin", grant: "g" });
    expect(a.id).not.toBe(b.id);
    expect(Buffer.from(a.id, "base64url")).toHaveLength(32);
    expect(a.csrf).not.toBe(a.id);
    expect(a.id).not.toContain(a.tag);
    expect(s.get(a.id)).toBe(a);
    expect(s.get("forged")).toBeUndefined();
    expect(s.get(undefined)).toBeUndefined();
  });

  it("ends after 30 idle minutes, and 12 hours after login however busy", () => {
    t = 0;
    const s = store();
    const a = s.start({ role: "viewer", grant: "g" });
    t = 29 * 60_000;
    expect(s.get(a.id)).toBe(a); // touched: idle counts from here
    t += 30 * 60_000 + 1;
    expect(s.get(a.id)).toBeUndefined();
    t = 0;
    const b = s.start({ role: "viewer", grant: "g" });
    for (t = 0; t < 12 * 3_600_000; t += 20 * 60_000) expect(s.get(b.id)).toBe(b);
    t = 12 * 3_600_000 + 1;
    expect(s.get(b.id)).toBeUndefined();
  });

  it("logs out one, ends many, and keeps at most maxSessions (the oldest go first)", () => {
    t = 0;
    const s = store();
    const [a, b, c] = [s.start({ user: "a", role: "viewer", grant: "g" }), s.start({ user: "b", role: "viewer", grant: "g" }), s.start({ role: "admin", grant: "g" })];
    s.end(a.id);
    expect(s.get(a.id)).toBeUndefined();
    expect(s.endWhere((x) => x.user === "b")).toBe(1);
    expect(s.get(c.id)).toBe(c);
    const more = [1, 2, 3].map(() => s.start({ role: "viewer", grant: "g" }));
    expect(s.size).toBe(3);
    expect(s.get(c.id)).toBeUndefined();
    expect(s.endWhere()).toBe(3);
    expect(s.get(more[2]!.id)).toBeUndefined();
    void b;
  });
});
