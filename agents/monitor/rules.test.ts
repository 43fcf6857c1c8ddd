// Every rule set through the real reactive tier (ReactiveModel), with findings from the detectors'
// own shapes; and the declaration's decisions matched against the rule sets.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { missing } from "../../runtime/policy/capabilities.ts";
import { ReactiveModel } from "../../runtime/models/reactive/reactive-model.ts";
import { validate } from "../../runtime/schema/validate.ts";
import { BUILTIN_ACTIONS, type Choice } from "../loop/types.ts";
import { actions } from "./actions.ts";
import { rules } from "./rules.ts";

const model = new ReactiveModel(rules);
async function decide(kind: string, facts: Record<string, unknown>): Promise<Choice & { rule: string }> {
  const r = await model.generate({ messages: [], decisionType: kind, facts: { ...facts, kind } });
  if (r.output.kind !== "object") throw new Error(`no rule answered for ${kind}`);
  return { ...(r.output.object as Choice), rule: r.model.id };
}

describe("monitor rules", () => {
  it("proposes SIGTERM for a cpu hog, which becomes processes.signal TERM", async () => {
    const c = await decide("cpu.hog", { pid: 4242, cpu_percent: 99, seconds: 130 });
    expect(c).toMatchObject({ action: "terminate", params: { pid: 4242 } });
    expect(actions.terminate!.calls(c.params, {} as never)).toEqual([{ tool: "processes.signal", input: { pid: 4242, signal: "TERM" } }]);
  });

  it("leaves a crashed service init brought back alone, restarts a down one once, then escalates", async () => {
    expect((await decide("service.crashed", { service: "web", running: true, state: "ready" })).action).toBe("ignore");
    const c = await decide("service.crashed", { service: "web", running: false, state: "exited", restart_spent: false });
    expect(c).toMatchObject({ action: "restart", params: { service: "web" } });
    expect(actions.restart!.calls(c.params, {} as never)).toEqual([{ tool: "services.control", input: { id: "web", action: "restart" } }]);
    expect((await decide("service.crashed", { service: "web", running: false, restart_spent: true })).action).toBe("escalate");
    expect(await decide("service.crashed", { service: "web", running: false, state: "stopped" })).toMatchObject({ action: "ignore", rule: "rules/service.crashed/stopped-on-purpose" });
  });

  it("never undoes init's death tally, restarts a single death once, and never a second time", async () => {
    expect(await decide("service.failed", { service: "db", death_tally: true, restart_spent: false })).toMatchObject({ action: "escalate", rule: "rules/service.failed/death-tally" });
    expect(await decide("service.failed", { service: "job", death_tally: false, restart_spent: false })).toMatchObject({ action: "restart", params: { service: "job" } });
    expect(await decide("service.failed", { service: "job", death_tally: false, cannot_start: true, restart_spent: false })).toMatchObject({ action: "escalate", rule: "rules/service.failed/cannot-start" });
    expect(await decide("service.failed", { service: "job", death_tally: false, restart_spent: true })).toMatchObject({ action: "escalate", rule: "rules/service.failed/restart-spent" });
  });

  it("hands memory, disk health and flapping to a person", async () => {
    for (const kind of ["memory.pressure", "memory.oom_kill", "disk.health", "service.flapping"]) expect((await decide(kind, { service: "x" })).action).toBe("escalate");
  });

  it("escalates disk.filling only if it reaches the monitor (maintenance owns it)", async () => {
    expect(await decide("disk.filling", { hours_to_full: 3 })).toMatchObject({ action: "escalate", rule: "rules/disk.filling/owner-absent" });
  });

  it("names only actions it has, with parameters their schemas accept", async () => {
    const samples: [string, Record<string, unknown>][] = [["cpu.hog", { pid: 7 }], ["service.failed", { service: "job" }], ["service.crashed", { service: "a-b.c@1", running: false }]];
    for (const [kind, facts] of samples) {
      const c = await decide(kind, facts);
      expect([...Object.keys(actions), ...BUILTIN_ACTIONS]).toContain(c.action);
      if (actions[c.action]) expect(validate(actions[c.action]!.params, c.params)).toEqual([]);
    }
  });
});

describe("image/agents/monitor.toml", () => {
  const decl = Bun.TOML.parse(readFileSync(new URL("../../image/agents/monitor.toml", import.meta.url), "utf8")) as Record<string, any>;

  it("declares every kind the monitor emits, each with a rule set", () => {
    expect([...decl.decisions].sort()).toEqual(Object.keys(rules).sort());
    for (const k of decl.decisions) expect(rules[k]!.length).toBeGreaterThan(0);
  });

  it("is equipped with the tools its actions call, in normal mode", () => {
    const called = Object.values(actions).flatMap((a) => a.calls({ pid: 2, service: "x" }, {} as never).map((c) => c.tool));
    for (const t of called) expect(decl.tools).toContain(t);
    expect(missing(decl.policy.capabilities, ["proc.read", "proc.signal", "svc.read", "svc.control:web"])).toEqual([]);
    expect(decl.policy.mode).toBe("normal");
    expect(decl.interval_ms).toBeGreaterThanOrEqual(5000); // inotify wakes it sooner; the poll only bounds staleness
  });
});
