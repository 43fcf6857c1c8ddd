import { describe, expect, it } from "vitest";
import { toolState, toStatus } from "./init-control.ts";

describe("init's states as the services tools see them", () => {
  it("folds init's nine states into five", () => {
    const m = Object.fromEntries(["waiting", "starting", "ready", "degraded", "backoff", "stopping", "stopped", "done", "failed"].map((s) => [s, toolState(s)]));
    expect(m).toEqual({ waiting: "starting", starting: "starting", ready: "running", degraded: "running", backoff: "starting", stopping: "stopping", stopped: "stopped", done: "stopped", failed: "failed" });
  });

  it("keeps pid, restarts and reason, and leaves out what init did not say", () => {
    const v = { name: "web", description: "", kind: "longrun", state: "ready", pid: 42, uptime_s: 3, restarts: 2, reason: null, last_exit: null };
    expect(toStatus(v)).toMatchObject({ id: "web", state: "running", pid: 42, restarts: 2 });
    expect(toStatus(v)).not.toHaveProperty("reason");
    expect(toStatus({ ...v, state: "failed", pid: null, reason: "exited 1" })).toEqual({ id: "web", state: "failed", restarts: 2, reason: "exited 1" });
  });
});
