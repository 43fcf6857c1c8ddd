// The runtime supervisor when the runtime cannot start: a clear, typed failure, and no respawn storm.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModelUnavailableError } from "../../../runtime/models/errors.ts";
import { RuntimeProcess } from "../../../runtime/models/local/process.ts";
import { RuntimeClient } from "../../../runtime/models/local/runtime-client.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-proc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runtime supervisor", () => {
  it("reports a runtime that dies before it is ready, then backs off instead of respawning per request", async () => {
    const script = join(dir, "die.ts");
    await Bun.write(script, 'console.error("config is broken: models.toml:3: runtime.threads: must be a number ≥ 1"); process.exit(3);');
    const proc = new RuntimeProcess({ socketPath: join(dir, "s.sock"), stateDir: dir, command: [process.execPath, script] });
    const client = new RuntimeClient(join(dir, "s.sock"), proc);
    const first = await client.models().catch((e) => e);
    expect(first).toBeInstanceOf(ModelUnavailableError);
    expect(first.message).toMatch(/exited before ready \(code 3\): config is broken: models\.toml:3/);
    const pid = proc.pid;
    const second = await client.models().catch((e) => e);
    expect(second.message).toBe(first.message);
    expect(proc.pid).toBe(pid); // no new process within the back-off
  });
});
