// The compiled multi-call binary: it must start in every role (an import that fails at load would
// kill PID 1 and panic the kernel), and answer as aiosctl when invoked by that name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { bun, InitUnderTest, repo } from "./init/fixture.ts";

const dir = mkdtempSync(`${tmpdir()}/aios-bin-`);
let init: InitUnderTest;

async function run(argv: string[], env: Record<string, string> = {}) {
  const p = Bun.spawn(argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { stdout, stderr, code };
}

beforeAll(async () => {
  const build = await run([bun, "build", "--compile", "--minify", "--bytecode", "--format=esm", "--external", "x11", "--external", "usocket",
    "--external", "node-llama-cpp", `${repo}/main.ts`, "--outfile", `${dir}/aios`], { BUN_BE_BUN: "1" });
  expect(build.code, build.stderr).toBe(0);
  symlinkSync(`${dir}/aios`, `${dir}/aiosctl`);
  init = new InitUnderTest({ one: `command = ["/bin/sleep", "1000"]` });
  await init.start();
  await init.until(() => init.service("one"), (s) => s.state === "ready");
}, 120_000);
afterAll(async () => { await init?.stop(); });

describe("the compiled aios binary", () => {
  it("starts and prints its roles", async () => {
    const r = await run([`${dir}/aios`]);
    expect(r.stderr).toContain("usage: aios <role>");
    expect(r.code).toBe(0);
  });

  it("acts as aiosctl by name and by subcommand", async () => {
    for (const argv of [[`${dir}/aiosctl`, "status", "--json"], [`${dir}/aios`, "ctl", "status", "--json"]]) {
      const r = await run(argv, { AIOS_CONTROL: init.socket });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).services[0].name).toBe("one");
    }
  });

  it("runs init as a supervisor", async () => {
    const other = new InitUnderTest({ two: `command = ["/bin/sleep", "1000"]` });
    const p = Bun.spawn([`${dir}/aios`, "init"], { env: other.env, stdio: ["ignore", "pipe", "pipe"] });
    other.proc = p;
    await other.until(async () => other.status().then(() => true, () => false), Boolean);
    await other.until(() => other.service("two"), (s) => s.state === "ready");
    expect(await other.stop()).toBe(0);
  });

  it("refuses an unknown role with exit code 2", async () => {
    expect((await run([`${dir}/aios`, "nonsense"])).code).toBe(2);
  });
});
