// A proposal never acts: with `propose: true` a call that would change something queues an approval
// for a person even where the agent's policy (trusted here) would run it alone; a read still runs. The
// executor's agent socket passes `propose` through and lists the tool declarations.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalExecutor } from "../../../agents/host/executor/local.ts";
import { agentApp } from "../../../agents/host/executor/server.ts";
import { openToolSystem } from "../../../tools/index.ts";
import type { ServiceControl } from "../../../tools/services/index.ts";

const restarted: string[] = [];
const init: ServiceControl = {
  list: async () => [{ id: "web", state: "running" }] as never, status: async (id) => ({ id, state: "running" }),
  start: async () => {}, stop: async () => {}, restart: async (id) => { restarted.push(id); }, enable: async () => {}, disable: async () => {},
};
const dir = mkdtempSync(join(tmpdir(), "aios-propose-"));
const ex = new LocalExecutor({
  tools: (policyFor) => openToolSystem({ dbPath: join(dir, "aios.db"), snapshotDir: join(dir, "snapshots"), services: init, policyFor, settleMs: 0 }),
  agents: () => [], autonomyFile: join(dir, "autonomy"),
  fallbackPolicy: (agent) => ({ agent, mode: "trusted", capabilities: ["svc.read", "svc.control"], allowlist: [], patterns: { confirm: [], dangerous: [] } }),
});
afterAll(() => { ex.close(); rmSync(dir, { recursive: true, force: true }); });
const why = { reason: "asked in chat" };
const restart = { agent: "monitor", tool: "services.control", input: { id: "web", action: "restart" }, why };

describe("proposals", () => {
  it("queue a change for a person even under a trusted policy, and run nothing", async () => {
    const out = await ex.call({ ...restart, propose: true });
    expect(out).toMatchObject({ status: "pending", risk: "low", effects: [{ kind: "service.restart", service: "web" }] });
    expect(out.status === "pending" && out.reason).toMatch(/^proposed: /);
    expect(restarted).toEqual([]);
    expect(ex.sys.approvals.get(out.status === "pending" ? out.approvalId : "").status).toBe("pending");
    expect((await ex.call(restart)).status).toBe("done"); // the same call, not proposed, runs alone
    expect(restarted).toEqual(["web"]);
  });

  it("still carry out reads", async () => {
    expect(await ex.call({ agent: "monitor", tool: "services.list", input: {}, why, propose: true })).toMatchObject({ status: "done", result: [{ id: "web" }] });
  });

  it("cross the agent socket; the socket lists tool declarations", async () => {
    const app = agentApp(ex, (n) => n === "monitor");
    const res = await app.request("/v1/call", { method: "POST", body: JSON.stringify({ ...restart, propose: true }), headers: { "content-type": "application/json" } });
    expect(((await res.json()) as { status: string }).status).toBe("pending");
    const tools = (await (await app.request("/v1/tools")).json()) as { name: string; capabilities: unknown; destructive: boolean; input: unknown }[];
    expect(tools.find((t) => t.name === "services.list")).toMatchObject({ capabilities: ["svc.read"], destructive: false, input: { type: "object" } });
    expect(tools.find((t) => t.name === "services.control")).toMatchObject({ capabilities: "per-input", destructive: true });
  });
});
