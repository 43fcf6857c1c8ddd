// Every tool on the appliance is a complete declaration: a unique name, a description, an object
// input schema that rejects unknown keys (a grammar for the model), capabilities and a timeout.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Memory } from "../../../runtime/memory/index.ts";
import { applianceTools, openToolSystem } from "../../../tools/index.ts";
import type { ServiceControl } from "../../../tools/services/index.ts";

const noInit: ServiceControl = {
  list: async () => [], status: async (id) => ({ id, state: "stopped" }), start: async () => {}, stop: async () => {}, restart: async () => {}, enable: async () => {}, disable: async () => {},
};

describe("tool catalog", () => {
  const tools = applianceTools({ services: noInit });

  it("has every family, each name once", () => {
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const family of ["files", "processes", "services", "network", "firewall", "packages", "disks", "logs", "hardware", "users", "ssh"]) {
      expect(names.some((n) => n.startsWith(`${family}.`)), family).toBe(true);
    }
  });

  it("declares schemas, capabilities and timeouts", () => {
    for (const t of tools) {
      expect(t.input.type, t.name).toBe("object");
      expect(t.input.type === "object" && t.input.additionalProperties, t.name).toBe(false);
      expect(t.description.length, t.name).toBeGreaterThan(10);
      expect(t.timeoutMs, t.name).toBeGreaterThan(0);
      if (Array.isArray(t.capabilities)) expect(t.capabilities.length, t.name).toBeGreaterThan(0);
    }
  });

  it("opens on a state database with audit, approvals, snapshots and registry", () => {
    const dir = mkdtempSync(join(tmpdir(), "aios-sys-"));
    const sys = openToolSystem({ dbPath: join(dir, "aios.db"), snapshotDir: join(dir, "snapshots"), services: noInit, policyFor: () => { throw new Error("none"); } });
    expect(sys.registry.describe().length).toBe(tools.length);
    expect(sys.audit.verify().ok).toBe(true);
    expect(sys.approvals.list()).toEqual([]);
    expect(sys.snapshots.list()).toEqual([]);
    sys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records every outcome in operational memory when given one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aios-sys-"));
    const memory = Memory.open(join(dir, "aios.db"));
    const sys = openToolSystem({ dbPath: join(dir, "aios.db"), snapshotDir: join(dir, "snapshots"), services: noInit, memory,
      policyFor: (agent) => ({ agent, mode: "safe", capabilities: ["svc.read"], allowlist: [], patterns: { dangerous: [], confirm: [] } }) });
    await sys.registry.call({ agent: "mon", tool: "services.list", input: {}, why: { reason: "periodic" } });
    await sys.registry.call({ agent: "mon", tool: "processes.list", input: {}, why: { reason: "periodic" } });
    const hits = await memory.search("processes lacks capability", { tiers: ["operational"] });
    expect(hits.hits[0]?.text).toBe("mon processes.list refused: agent mon lacks capability proc.read");
    expect(memory.operational.recent(5, "tool_result").map((e) => e.source)).toEqual(["processes.list", "services.list"]);
    sys.close();
    memory.db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
