// The sandbox runner for real: clean environment, timeouts, limits (cgroup v2 where writable, else
// rlimits, and it says which), and namespaces for untrusted commands.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { DryRunner } from "../../../runtime/proc/exec.ts";
import { SandboxRunner } from "../../../runtime/sandbox/index.ts";

const sb = new SandboxRunner();
const hasPython = (() => { try { execFileSync("python3", ["-c", "0"]); return true; } catch { return false; } })();

describe("sandbox runner", () => {
  it("says how it limits resources and why when degraded", () => {
    if (sb.limitsVia === "cgroup") expect(sb.degraded).toBeNull();
    else expect(sb.degraded).toMatch(/cgroup v2 .* (lacks|not writable)|no cgroup v2/);
  });

  it("gives commands a clean environment", async () => {
    process.env.AIOS_SECRET_FOR_TEST = "leak";
    const r = await sb.run(["env"]);
    delete process.env.AIOS_SECRET_FOR_TEST;
    expect(r.stdout).not.toContain("AIOS_SECRET_FOR_TEST");
    expect(r.stdout).not.toContain("BUN_BE_BUN");
    expect(r.argv).toEqual(["env"]);
  });

  it("times commands out", async () => {
    await expect(sb.run(["sleep", "5"], { timeoutMs: 200 })).rejects.toThrow(/timed out after 200 ms/);
  });

  it.skipIf(!hasPython)("enforces the memory limit", async () => {
    const r = await sb.run(["python3", "-c", "b = bytearray(256 * 1024 * 1024); print('allocated')"], { limits: { memoryBytes: 64 * 1024 * 1024 }, check: false });
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain("allocated");
    const ok = await sb.run(["python3", "-c", "b = bytearray(8 * 1024 * 1024); print('allocated')"], { limits: { memoryBytes: 256 * 1024 * 1024 } });
    expect(ok.stdout).toContain("allocated");
  });

  // Runs where cgroup v2 with memory/cpu/pids is writable (the appliance); this host has none.
  it.skipIf(sb.limitsVia !== "cgroup")("runs each command in its own cgroup v2 group with the limits written", async () => {
    const r = await sb.run(["sh", "-c", "cg=$(cut -d: -f3 /proc/self/cgroup); echo $cg; cat /sys/fs/cgroup$cg/memory.max /sys/fs/cgroup$cg/pids.max"], { limits: { memoryBytes: 64 << 20, pids: 32 } });
    const [cg, mem, pids] = r.stdout.trim().split("\n");
    expect(cg).toMatch(/aios-tools\/cmd-\d+-\d+$/);
    expect(mem).toBe(String(64 << 20));
    expect(pids).toBe("32");
  });

  it("runs untrusted commands in their own PID, network and mount namespaces", async () => {
    const r = await sb.run(["sh", "-c", "echo pid=$$; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; ps -e -o pid= | wc -l"], { untrusted: true });
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("pid=1");
    expect(lines[1]).toBe("lo");
    expect(Number(lines.at(-1))).toBeLessThan(5); // only its own processes are visible
    const host = await sb.run(["sh", "-c", "echo pid=$$"]);
    expect(host.stdout.trim()).not.toBe("pid=1");
  });

  it("records instead of running under a dry base runner", async () => {
    const dry = new DryRunner();
    const r = new SandboxRunner({ base: dry, cgroup: { ok: false, reason: "test" } });
    await r.run(["rm", "-rf", "/nonexistent-aios"], { untrusted: true });
    expect(dry.calls).toHaveLength(1);
    expect(dry.calls[0]).toEqual(expect.arrayContaining(["prlimit", "unshare", "--net", "rm", "-rf", "/nonexistent-aios"]));
  });
});
