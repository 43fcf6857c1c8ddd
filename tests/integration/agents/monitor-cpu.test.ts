// A real busy-loop child process is seen as a cpu.hog once it has burned for the window, and the
// SIGTERM the rules propose goes through a real ToolRegistry and comes back pending (normal mode:
// killing a process someone started waits for a person). The child is still alive afterwards.
import { afterAll, describe, expect, it } from "vitest";
import type { Finding } from "../../../agents/loop/types.ts";
import { monitorAgent } from "../../../agents/monitor/index.ts";
import { processTools } from "../../../tools/processes/index.ts";
import { harness, policy } from "../tools/harness.ts";
import { MonitorDriver } from "./monitor-fixture.ts";

describe("monitor: cpu hogs on a real machine", () => {
  const hog = Bun.spawn(["/bin/sh", "-c", "while :; do :; done"], { stdio: ["ignore", "ignore", "ignore"] });
  const h = harness(() => processTools());
  h.policies.set("monitor", policy("monitor", "normal", ["proc.read", "proc.signal"]));
  afterAll(() => { hog.kill("SIGKILL"); h.close(); });

  it("names the busy child after cpu_hog_seconds and proposes a SIGTERM that waits for approval", async () => {
    const driver = new MonitorDriver(monitorAgent({ samples: () => undefined }), {
      cpu_hog_percent: 10, cpu_hog_seconds: 3, // low: the shared test machine may be busy control_socket: `${h.dir}/no-init.sock`,
    });
    let found: Finding | undefined;
    for (let i = 0; !found; i++) {
      const findings = await driver.cycle();
      expect(findings.filter((f) => f.kind === "cpu.hog" && f.facts.pid === process.pid)).toEqual([]); // never the agent itself
      found = findings.find((f) => f.kind === "cpu.hog" && f.facts.pid === hog.pid);
      if (!found) await Bun.sleep(1000);
    }
    expect(found.facts.seconds).toBeGreaterThanOrEqual(3);
    expect(found.evidence[0]).toContain("while :; do :; done");
    expect(driver.last!.notes.join("\n")).toContain("services not watched"); // no init here, and it says so

    const choice = await driver.choose(found);
    expect(choice).toMatchObject({ action: "terminate", params: { pid: hog.pid } });
    const [call] = driver.agent.actions[choice.action]!.calls(choice.params, found);
    const out = await h.registry.call({ agent: "monitor", tool: call!.tool, input: call!.input, why: { reason: choice.reason, tier: "reactive", evidence: found.evidence } });
    expect(out).toMatchObject({ status: "pending", risk: "high", effects: [{ kind: "process.signal", pid: hog.pid, name: "sh", signal: "TERM" }] });
    expect(hog.exitCode).toBeNull();
    expect(h.approvals.list().map((a) => [a.agent, a.tool, a.status])).toEqual([["monitor", "processes.signal", "pending"]]);
  });
});
