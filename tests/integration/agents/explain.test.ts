// Provenance end to end: a real agent cycle through the agent host and the executor, a person
// approving over the executor's admin socket with `aiosctl approve`, then `aiosctl explain` and
// `aiosctl decisions` asking the agent host over its socket — and reading the databases themselves
// once the host is gone.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adminApp, serveOn } from "../../../agents/host/executor/server.ts";
import type { Explanation } from "../../../agents/provenance/types.ts";
import type { DecisionStats } from "../../../agents/provenance/stats.ts";
import { runAiosctl } from "../../../consoles/aiosctl/aiosctl.ts";
import { world, type World } from "../../fixtures/agents-world.ts";

let w: World;
let servers: ReturnType<typeof serveOn>[] = [];
const saved = { ...process.env };

beforeAll(() => {
  w = world({ mode: "safe" });
  Object.assign(process.env, { AIOS_AGENT_SOCKET: join(w.dir, "h.sock"), AIOS_EXECUTOR_ADMIN_SOCKET: join(w.dir, "x.sock"), AIOS_AGENTS_DB: w.agentsDb, SUDO_USER: "alice" });
  servers = [serveOn(w.app, join(w.dir, "h.sock"), 0o600), serveOn(adminApp(w.ex, (n) => n === "fixer"), join(w.dir, "x.sock"), 0o600)];
});
afterAll(async () => {
  for (const s of servers) s.stop(true);
  await w.close();
  for (const k of ["AIOS_AGENT_SOCKET", "AIOS_EXECUTOR_ADMIN_SOCKET", "AIOS_AGENTS_DB", "SUDO_USER"]) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
});

/** Runs aiosctl in-process and returns what it printed. */
async function aiosctl(...args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => { out.push(a.join(" ")); });
  try { await runAiosctl(args); } finally { spy.mockRestore(); }
  return out.join("\n");
}

describe("aiosctl explain and decisions", () => {
  it("explains an incident a person approved, from the agent host's socket", async () => {
    writeFileSync(join(w.files, "a.conf"), "bad\n");
    writeFileSync(join(w.files, "c.conf"), "odd\n");
    await w.cycle();
    const inc = w.incident("a.conf");
    expect(inc.state).toBe("awaiting_approval");
    await aiosctl("approve", inc.actions[0]!.approvalId!);
    expect(readFileSync(join(w.files, "a.conf"), "utf8")).toBe("good\n");
    await w.cycle(); // the approval ran: verifying
    await w.cycle(); // the symptom is gone: resolved

    const e = JSON.parse(await aiosctl("explain", String(inc.id), "--json")) as Explanation;
    expect(e.final).toMatch(/^resolved/);
    expect(e.decisions[0]).toMatchObject({ tier: "reactive", action: "rewrite", replayable: true });
    expect(e.decisions[0]!.actions[0]).toMatchObject({ tool: "files.write", status: "done", approval: { status: "executed", by: "user:alice@aiosctl" } });
    const text = await aiosctl("explain", String(inc.id));
    console.info(`--- aiosctl explain ${inc.id}\n${text}`);
    expect(text).toMatch(/files\.write  asked for approval → approved by user:alice@aiosctl \(#\d+\) → done  audit #\d+, #\d+/);
    expect(text).toContain("final: resolved");

    const s = JSON.parse(await aiosctl("decisions", "--json")) as DecisionStats;
    expect(s.types.map((t) => [t.type, t.decisions, t.proposed, t.overridden])).toEqual([["test.bad", 1, 1, 0], ["test.odd", 1, 0, 0]]);
    const table = await aiosctl("decisions");
    console.info(`--- aiosctl decisions\n${table}`);
    expect(table).toMatch(/test\.bad\s+1\s+1 \(100%\)/);
  });

  it("reads the databases itself when the agent host is down", async () => {
    servers[0]!.stop(true);
    const inc = w.incident("c.conf");
    const e = JSON.parse(await aiosctl("explain", String(inc.id), "--json")) as Explanation;
    expect(e.decisions[0]).toMatchObject({ type: "test.odd", outcome: "unknown" });
    expect(e.final).toMatch(/^escalated/);
  });
});
