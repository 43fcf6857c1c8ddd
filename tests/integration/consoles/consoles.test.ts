// The ways in, on a host: the chat console on a real pseudo-terminal, aiosctl's output and exit
// codes, and the web console over real HTTP, all against a real aios init.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Subprocess } from "bun";
import { writeFileSync } from "node:fs";
import { bun, InitUnderTest, repo } from "../init/fixture.ts";
import { webApp, realWebDeps } from "../../../consoles/web/app.ts";
import { serveConsole, type ConsoleUnderTest } from "./https.ts";

let init: InitUnderTest;
beforeAll(async () => {
  init = new InitUnderTest({ alpha: `command = ["/bin/sleep", "1000"]`, beta: `command = ["/bin/sleep", "1000"]\ndepends_on = ["alpha"]` });
  await init.start();
  await init.until(() => init.service("beta"), (s) => s.state === "ready");
});
afterAll(async () => { await init.stop(); });

describe("chat console on a terminal", () => {
  let proc: Subprocess;
  let screen = "";
  const waitFor = async (text: string, from: number) => { while (!screen.slice(from).includes(text)) await Bun.sleep(20); };
  const say = async (line: string, expectText: string) => {
    const from = screen.length;
    proc.terminal!.write(`${line}\r`);
    await waitFor(expectText, from);
    return screen.slice(from);
  };

  beforeAll(async () => {
    writeFileSync(`${init.env.AIOS_STATE_DIR}/setup.done`, ""); // setup is done: the chat prompt comes first
    proc = Bun.spawn([bun, `${repo}/main.ts`, "console"], {
      env: init.env,
      terminal: { cols: 120, rows: 40, data: (_t, d) => { screen += new TextDecoder().decode(d); } },
    });
    await waitFor("aios> ", 0);
  });
  afterAll(() => { proc.kill("SIGKILL"); });

  it("answers help, status and free text", async () => {
    expect(await say("help", "/shell")).toContain("status");
    const st = await say("status", "beta");
    expect(st).toMatch(/alpha\s+ready/);
    expect(await say("why is the disk full?", "no model configured")).toContain("no model configured");
  });

  it("never dies on hostile input", async () => {
    await say("\u0001\u0002%s%n\u00ff\u001b[31m".repeat(30), "aios> ");
    await say("/".repeat(2000), "unknown command");
    expect(proc.exitCode).toBeNull();
    expect(await say("help", "/shell")).toContain("/web");
  });

  it("hands the terminal to a root shell and takes it back", async () => {
    await say("/shell", "root shell");
    await say("echo from-shell-$((6*7))", "from-shell-42");
    await say("exit", "aios> ");
    expect(await say("help", "/shell")).toContain("status");
  });
});

describe("aiosctl", () => {
  const ctl = async (...args: string[]) => {
    const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", ...args], { env: init.env, stdio: ["ignore", "pipe", "pipe"] });
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return { stdout, stderr, code };
  };

  it("prints status as a table and as JSON", async () => {
    const human = await ctl("status");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/SERVICE\s+STATE\s+PID\s+UPTIME\s+RESTARTS/);
    const json = JSON.parse((await ctl("status", "--json")).stdout);
    expect(json.services.map((s: { name: string }) => s.name)).toEqual(["alpha", "beta"]);
    expect(json.services[0]).toMatchObject({ name: "alpha", state: "ready", restarts: 0 });
    expect(json.services[0].pid).toBeGreaterThan(0);
  });

  it("uses systemctl's exit codes", async () => {
    const missing = await ctl("status", "nope");
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('no such service "nope"');
    await ctl("stop", "beta");
    expect((await ctl("status", "beta")).code).toBe(3);
    await ctl("start", "beta");
    await init.until(() => init.service("beta"), (s) => s.state === "ready");
    expect((await ctl("status", "beta")).code).toBe(0);
    const bad = await ctl("samples", "-n", "lots");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("-n must be a positive integer");
  });

  it("says what is wrong when init is not there", async () => {
    const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", "status"], { env: { ...init.env, AIOS_CONTROL: "/nonexistent.sock" }, stdio: ["ignore", "pipe", "pipe"] });
    expect(await p.exited).toBe(1);
    expect(await new Response(p.stderr).text()).toContain("cannot reach aios init");
  });
});

describe("web console", () => {
  let server: ReturnType<typeof Bun.serve>;
  let base: string;
  let web: ConsoleUnderTest;
  const fetch = (url: string, init?: RequestInit) => web.fetch(url, init);
  beforeAll(async () => {
    process.env.AIOS_CONTROL = init.socket;
    process.env.AIOS_CONTROL_READ = init.readSocket; // the console reads init through the read-only socket
    process.env.AIOS_STATE_DIR = init.dir;
    web = await serveConsole(webApp(realWebDeps("s3cret")));
    server = web.server;
    base = web.base;
  });
  afterAll(() => { server.stop(true); });

  it("answers /health without auth", async () => {
    const r = await fetch(`${base}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: "ok", init: "reachable", services: { total: 2, up: 2 } });
  });

  it("keeps the status page behind the token", async () => {
    const denied = await fetch(`${base}/`);
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { hint: string }).hint).toContain("aiosctl web-token");
    const form = (password: string) => ({ method: "POST", redirect: "manual" as const, headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ name: "", password }) });
    expect((await fetch(`${base}/login`, form("wrong"))).status).toBe(401);
    const login = await fetch(`${base}/login`, form("s3cret"));
    expect(login.status).toBe(303);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const page = await fetch(`${base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<td>alpha</td><td>ready</td>");
    expect(html).toContain("No monitor sample yet");
  });

  it("serves JSON status and 404s with a reason", async () => {
    const auth = { authorization: "Bearer s3cret" };
    expect(((await (await fetch(`${base}/api/status`, { headers: auth })).json()) as { services: unknown[] }).services).toHaveLength(2);
    const nf = await fetch(`${base}/nope`, { headers: auth });
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as { error: string }).error).toContain("/nope");
  });
});
