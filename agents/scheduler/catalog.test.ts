import { describe, expect, it } from "vitest";
import { openDatabase } from "../../runtime/db/open.ts";
import { NotFoundError, UserError } from "../../runtime/errors.ts";
import { ManualClock } from "./clock.ts";
import { Scheduler } from "./scheduler.ts";

const T = (iso: string) => Date.parse(iso);
const make = (clock = new ManualClock(T("2026-01-01T10:30:00Z"))) => ({ clock, s: new Scheduler(openDatabase(":memory:"), { clock, timezone: "UTC" }) });

describe("declare", () => {
  it("upserts an agent's jobs and removes those it no longer declares", () => {
    const { s } = make();
    s.declare("agent:monitor", [{ name: "rotate", cron: "0 * * * *" }, { name: "scan", cron: "*/5 * * * *", description: "look" }]);
    expect(s.list().map((j) => [j.owner, j.name, j.nextRunAt])).toEqual([
      ["agent:monitor", "rotate", T("2026-01-01T11:00:00Z")], ["agent:monitor", "scan", T("2026-01-01T10:35:00Z")]]);
    expect(s.list()[0]!.target).toEqual({ kind: "agent", agent: "monitor", job: "rotate" });
    s.declare("agent:other", [{ name: "x", cron: "@daily" }]);
    s.declare("agent:monitor", [{ name: "scan", cron: "*/5 * * * *", description: "look again" }]);
    expect(s.list().map((j) => `${j.owner}/${j.name}:${j.description}`)).toEqual(["agent:monitor/scan:look again", "agent:other/x:"]);
  });

  it("keeps a redeclared job's operator choice and history; a new cron restarts its schedule", () => {
    const { s, clock } = make();
    s.declare("agent:monitor", [{ name: "rotate", cron: "0 * * * *" }]);
    s.disable("agent:monitor", "rotate");
    s.declare("agent:monitor", [{ name: "rotate", cron: "0 * * * *" }]);
    expect(s.list()[0]!.enabled).toBe(false);
    s.enable("agent:monitor", "rotate");
    clock.advanceTo(T("2026-01-01T12:10:00Z"));
    s.declare("agent:monitor", [{ name: "rotate", cron: "0 0 * * *" }]);
    expect(s.list()[0]!.nextRunAt).toBe(T("2026-01-02T00:00:00Z"));
  });

  it("checks everything before writing anything", () => {
    const { s } = make();
    s.declare("agent:monitor", [{ name: "keep", cron: "0 * * * *" }]);
    expect(() => s.declare("agent:monitor", [{ name: "a", cron: "0 * * * *" }, { name: "b", cron: "every hour" }]))
      .toThrow(UserError);
    expect(() => s.declare("agent:monitor", [{ name: "b", cron: "every hour" }])).toThrow(/^job agent:monitor\/b: bad cron expression "every hour": invalid configuration format/);
    expect(() => s.declare("agent:monitor", [{ name: "a", cron: "@hourly" }, { name: "a", cron: "@daily" }])).toThrow(/declared twice/);
    expect(() => s.declare("monitor" as never, [])).toThrow(UserError);
    expect(s.list().map((j) => j.name)).toEqual(["keep"]);
  });
});

describe("operator jobs", () => {
  it("adds, disables, enables and removes, with the tool call stored", () => {
    const { s } = make();
    const job = s.add({ name: "prune", cron: "0 3 * * *", tool: "snapshots.prune", input: { keep: 5 } });
    expect(job).toMatchObject({ owner: "operator", enabled: true, target: { kind: "tool", tool: "snapshots.prune", input: { keep: 5 } }, nextRunAt: T("2026-01-02T03:00:00Z") });
    expect(s.disable("operator", "prune")).toMatchObject({ enabled: false, nextRunAt: null });
    expect(s.enable("operator", "prune").nextRunAt).toBe(T("2026-01-02T03:00:00Z"));
    s.remove("operator", "prune");
    expect(s.list()).toEqual([]);
  });

  it("refuses bad input with what was wrong", () => {
    const { s } = make();
    expect(() => s.add({ name: "x", cron: "99 * * * *", tool: "t" })).toThrow(/operator\/x: bad cron expression "99 \* \* \* \*"/);
    expect(() => s.add({ name: "Bad Name", cron: "@daily", tool: "t" })).toThrow(/bad job name/);
    expect(() => s.add({ name: "x", cron: "@daily", tool: "" })).toThrow(/no tool/);
    s.add({ name: "x", cron: "@daily", tool: "t" });
    expect(() => s.add({ name: "x", cron: "@daily", tool: "t" })).toThrow(/already exists/);
    expect(() => s.enable("operator", "nope")).toThrow(NotFoundError);
    s.declare("agent:monitor", [{ name: "rotate", cron: "@hourly" }]);
    expect(() => s.remove("agent:monitor", "rotate")).toThrow(/cannot be removed/);
  });
});
