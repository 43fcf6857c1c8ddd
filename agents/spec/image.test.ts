// The image's agent declarations compile against the agents' code and tools, and broken declarations
// are errors that name file, line and key.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileImageAgents } from "./image.ts";
import { loadAgents } from "./compile.ts";
import { validateAgent } from "./validate.ts";
import { AGENT_MODULES } from "../registry.ts";
import { applianceToolNames } from "./image.ts";

const repo = join(import.meta.dirname, "../..");

describe("agent declarations", () => {
  it("compiles the five built-in agents, every decision with a rule set and every job with a handler", () => {
    const db = compileImageAgents(join(repo, "image/agents"));
    expect(db.agents.map((a) => a.name).sort()).toEqual(["maintenance", "monitor", "network", "package", "security"].filter((n) => AGENT_MODULES[n]));
    for (const a of db.agents) {
      expect(a.decisions.length).toBeGreaterThan(0);
      expect(a.policy.mode).toBe("normal");
    }
  });

  it("names file, line and key for unknown keys (with a suggestion), bad values and bad cron", () => {
    expect(() => validateAgent("x", 'description = "d"\nintervall_ms = 5', "x.toml")).toThrow('x.toml:2: intervall_ms: unknown key');
    try { validateAgent("x", 'description = "d"\nintervall_ms = 5', "x.toml"); } catch (e) { expect((e as { hint?: string }).hint).toBe('did you mean "interval_ms"?'); }
    expect(() => validateAgent("x", 'description = "d"\n[policy]\nmode = "yolo"', "x.toml")).toThrow("x.toml:3: policy.mode: must be one of");
    expect(() => validateAgent("x", 'description = "d"\n[[jobs]]\nname = "a"\ncron = "every hour"', "x.toml")).toThrow(/jobs\[0\]\.cron: invalid cron expression "every hour"/);
    expect(() => validateAgent("x", 'description = "d"\n[escalation]\nhighest = "gpt"', "x.toml")).toThrow("escalation.highest: must be one of reactive");
    expect(() => validateAgent("x", "description = ", "x.toml")).toThrow("x.toml:1: (syntax)");
  });

  it("refuses a decision without rules and a tool that does not exist", () => {
    const dir = mkdtempSync(join(tmpdir(), "aios-agents-"));
    writeFileSync(join(dir, "monitor.toml"), 'description = "m"\ndecisions = ["cpu.hog", "made.up"]\n');
    expect(() => compileImageAgents(dir)).toThrow(/monitor.toml:2: decisions: decision "made.up" has no reactive rule set/);
    writeFileSync(join(dir, "monitor.toml"), 'description = "m"\ntools = ["rm.rf"]\n');
    expect(() => compileImageAgents(dir)).toThrow('no tool named "rm.rf"');
  });

  it("a broken operator override is reported with file:line:key, and its agent runs the built-in declaration in safe mode", () => {
    const db = compileImageAgents(join(repo, "image/agents"));
    const dir = mkdtempSync(join(tmpdir(), "aios-overrides-"));
    writeFileSync(join(dir, "monitor.toml"), "[settings]\ncpu_hog_percent = 50\n[policy]\nmode = \"safe\"\n");
    writeFileSync(join(dir, "maintenance.toml"), "interval_ms = \"often\"\n");
    const loaded = loadAgents(db, dir, AGENT_MODULES, applianceToolNames());
    expect(loaded.agents.find((a) => a.name === "monitor")).toMatchObject({ enabled: true, policy: { mode: "safe" }, settings: { cpu_hog_percent: 50 } });
    const builtIn = db.agents.find((a) => a.name === "maintenance")!;
    expect(loaded.agents.find((a) => a.name === "maintenance")).toEqual({ ...builtIn, policy: { ...builtIn.policy, mode: "safe" } });
    expect(loaded.disabled).toEqual([]);
    expect(loaded.ignored).toEqual([{ name: "maintenance", reason: expect.stringContaining("maintenance.toml:1: interval_ms: must be an integer") }]);
    expect(loaded.agents.filter((a) => a.enabled).length).toBe(db.agents.filter((a) => a.enabled).length);
  });
});
