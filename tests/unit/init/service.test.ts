import { describe, expect, it } from "vitest";
import { afterExit, type ServiceRun } from "../../../init/service.ts";
import { validateService } from "../../../init/spec/validate.ts";

const run = (toml: string, over: Partial<ServiceRun> = {}): ServiceRun => ({
  spec: validateService("s", `command = ["/bin/true"]\n${toml}`, "s.toml"),
  state: "ready", wanted: true, restarts: 0, deaths: [], streak: 0, startedAt: 0, ...over,
});
const died = { code: 1, signal: null, at: 10_000 };

describe("what happens after a service exits", () => {
  it("restarts at once the first time, then backs off exponentially up to the maximum", () => {
    const r = run('backoff = { initial_ms = 100, max_ms = 1000 }', { startedAt: 9_990 });
    expect(afterExit(r, died, 10_000)).toMatchObject({ next: "backoff", delayMs: 0, streak: 1 });
    expect(afterExit({ ...r, streak: 1 }, died, 10_000)).toMatchObject({ delayMs: 100, streak: 2 });
    expect(afterExit({ ...r, streak: 3 }, died, 10_000)).toMatchObject({ delayMs: 400 });
    expect(afterExit({ ...r, streak: 8 }, died, 10_000)).toMatchObject({ delayMs: 1000 });
  });

  it("forgets the streak after a healthy run", () => {
    const r = run('backoff = { initial_ms = 100, max_ms = 1000 }', { streak: 5, startedAt: 1 });
    expect(afterExit(r, died, 10_000)).toMatchObject({ delayMs: 0, streak: 1 });
  });

  it("fails after the death tally within the window", () => {
    const r = run('death_tally = { count = 3, window_s = 10 }', { deaths: [1_000, 9_000] });
    expect(afterExit(r, died, 10_000)).toMatchObject({ next: "failed", reason: expect.stringContaining("died 3 times in 10 s") });
    const old = run('death_tally = { count = 3, window_s = 10 }', { deaths: [-5_000, 9_000] });
    expect(afterExit(old, died, 10_000).next).toBe("backoff");
  });

  it("fails a crash loop that its own back-off keeps under the window's tally", () => {
    // 1 s doubling to 60 s: ten deaths take minutes, never ten within 60 s, yet none ran healthily.
    const r = run('backoff = { initial_ms = 1000, max_ms = 60000 }\ndeath_tally = { count = 10, window_s = 60 }', { streak: 9, deaths: [9_000], startedAt: 9_500 });
    expect(afterExit(r, died, 10_000)).toMatchObject({ next: "failed", reason: expect.stringContaining("died 10 times in a row") });
    expect(afterExit({ ...r, streak: 8 }, died, 10_000).next).toBe("backoff");
    expect(afterExit({ ...r, startedAt: 1 }, died, 100_000).next).toBe("backoff"); // up 100 s: healthy, the streak starts over
  });

  it("follows the restart policy and oneshot semantics", () => {
    expect(afterExit(run('restart = "never"'), died, 1).next).toBe("failed");
    expect(afterExit(run('restart = "on-failure"'), { ...died, code: 0 }, 1).next).toBe("stopped");
    expect(afterExit(run('restart = "on-failure"'), died, 1).next).toBe("backoff");
    expect(afterExit(run('kind = "oneshot"'), { ...died, code: 0 }, 1).next).toBe("done");
    expect(afterExit(run('kind = "oneshot"'), died, 1)).toMatchObject({ next: "failed", reason: "exited 1" });
    expect(afterExit(run(""), { code: null, signal: "SIGKILL", at: 1 }, 1)).toMatchObject({ reason: "killed by SIGKILL" });
  });

  it("restarts a killed service at once without counting it, but counts crashes and watchdog kills", () => {
    const r = run('death_tally = { count = 2, window_s = 60 }\nbackoff = { initial_ms = 100, max_ms = 1000 }', { deaths: [9_000], streak: 4, startedAt: 9_990 });
    expect(afterExit(r, { code: null, signal: "SIGKILL", at: 10_000 }, 10_000)).toEqual({ next: "backoff", delayMs: 0, reason: "killed by SIGKILL", streak: 4 });
    expect(afterExit(r, { code: null, signal: "SIGSEGV", at: 10_000 }, 10_000).next).toBe("failed");
    expect(afterExit(r, { code: null, signal: "SIGKILL", at: 10_000, watchdog: true }, 10_000).next).toBe("failed");
    expect(afterExit(r, { code: 1, signal: null, at: 10_000 }, 10_000).next).toBe("failed");
  });
});
