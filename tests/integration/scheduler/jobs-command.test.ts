// `aiosctl jobs` as a real process reading the host's database read-only while the host holds it open.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { listJobsReadonly, ManualClock, Scheduler } from "../../../agents/scheduler/index.ts";

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "aios-jobs-")); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const command = resolve(import.meta.dirname, "../../../consoles/aiosctl/commands/jobs.ts");
function aiosctlJobs(...args: string[]) {
  const script = `import { runCommand } from "citty"; import { jobsCommands } from ${JSON.stringify(command)}; await runCommand(jobsCommands.jobs, { rawArgs: ${JSON.stringify(args)} });`;
  const p = Bun.spawnSync([process.execPath, "-e", script], { env: { ...process.env, AIOS_STATE_DIR: dir }, stderr: "pipe" });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

describe("aiosctl jobs", () => {
  it("lists no jobs before the host has made its database", () => {
    expect(listJobsReadonly(join(dir, "agents/agents.db"))).toEqual([]);
    expect(aiosctlJobs()).toMatchObject({ code: 0, out: "no scheduled jobs\n" });
  });

  it("lists the host's jobs, as text and as JSON", async () => {
    const s = Scheduler.open(join(dir, "agents/agents.db"), { clock: new ManualClock(Date.now()) });
    s.declare("agent:monitor", [{ name: "rotate", cron: "0 * * * *" }]);
    s.add({ name: "prune", cron: "0 3 * * *", tool: "snapshots.prune" });
    const text = aiosctlJobs();
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^OWNER +JOB +CRON/);
    expect(text.out).toMatch(/agent:monitor +rotate +0 \* \* \* \* +monitor\.rotate +waiting +in /);
    const json = aiosctlJobs("--json");
    expect(JSON.parse(json.out).jobs.map((j: { owner: string; name: string }) => `${j.owner}/${j.name}`)).toEqual(["agent:monitor/rotate", "operator/prune"]);
    await s.close();
  });
});
