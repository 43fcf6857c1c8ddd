import { describe, expect, it } from "vitest";
import { LoginLimiter } from "./rate-limit.ts";

describe("login rate limiting", () => {
  let t = 0;
  const limiter = () => new LoginLimiter(undefined, () => t);

  it("lets a name fail 5 times, then doubles the wait from 1 s, capped at 15 min", () => {
    t = 0;
    const l = limiter();
    for (let i = 0; i < 5; i++) { expect(l.waitMs("10.0.0.1", "alice")).toBe(0); l.fail("10.0.0.1", "alice"); }
    expect(l.waitMs("10.0.0.1", "alice")).toBe(0);
    l.fail("10.0.0.1", "alice");
    expect(l.waitMs("10.0.0.2", "alice")).toBe(1000); // per name, from any address
    expect(l.waitMs("10.0.0.2", "bob")).toBe(0);
    l.fail("10.0.0.1", "alice");
    expect(l.waitMs("10.0.0.1", "alice")).toBe(2000);
    for (let i = 0; i < 20; i++) l.fail("10.0.0.3", "alice");
    expect(l.waitMs("10.0.0.3", "alice")).toBe(15 * 60_000);
  });

  it("lets an address fail 10 times across names, then makes it wait for every name", () => {
    t = 0;
    const l = limiter();
    for (let i = 0; i < 10; i++) l.fail("10.0.0.9", `user${i}`);
    expect(l.waitMs("10.0.0.9", "fresh")).toBe(0);
    l.fail("10.0.0.9", "user10");
    expect(l.waitMs("10.0.0.9", "fresh")).toBe(1000);
    expect(l.waitMs("10.0.0.8", "fresh")).toBe(0);
    t += 1000;
    expect(l.waitMs("10.0.0.9", "fresh")).toBe(0);
  });

  it("clears a name on success (not its address) and forgets keys after an hour of quiet", () => {
    t = 0;
    const l = limiter();
    for (let i = 0; i < 11; i++) l.fail("10.0.0.1", "alice");
    l.succeed("alice");
    expect(l.waitMs("10.0.0.2", "alice")).toBe(0);
    expect(l.waitMs("10.0.0.1", "bob")).toBeGreaterThan(0);
    t += 60 * 60_000 + 1;
    expect(l.waitMs("10.0.0.1", "bob")).toBe(0);
  });
});
