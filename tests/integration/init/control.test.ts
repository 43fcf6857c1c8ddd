// Supervisor features beyond start/restart: watchdog, restart propagation, enable/disable kept across
// restarts of init, reload of operator services, following logs, privilege dropping and cgroups.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { InitUnderTest } from "./fixture.ts";
import { control, followLines } from "../../../runtime/control/client.ts";
import { restrict } from "../../../init/control.ts";
import { Cgroups } from "../../../init/cgroup.ts";

describe("supervision features", () => {
  let init: InitUnderTest;
  beforeAll(async () => {
    init = new InitUnderTest({
      silent: `command = ["/bin/sleep", "1000"]\nwatchdog_ms = 300\nbackoff = { initial_ms = 5000, max_ms = 5000 }`,
      base: `command = ["/bin/sleep", "1000"]`,
      follower: `command = ["/bin/sleep", "1000"]\ndepends_on = ["base"]\non_dependency_restart = "restart"`,
      bystander: `command = ["/bin/sleep", "1000"]\ndepends_on = ["base"]`,
      nnp: `command = ["/bin/sh", "-c", "grep NoNewPrivs /proc/self/status; exec sleep 1000"]\nno_new_privs = true`,
      nobody: `command = ["/bin/sh", "-c", "echo uid=$(id -u); exec sleep 1000"]\nuser = "nobody"`,
      ghost: `command = ["/bin/sleep", "1000"]\nuser = "no-such-user-here"`,
      chatty: `command = ["/bin/sh", "-c", "while read l; do :; done < /dev/null; i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.05; done"]`,
    });
    await init.start();
  });
  afterAll(async () => { await init.stop(); });

  it("kills a service that misses its watchdog heartbeat and says why", async () => {
    const s = await init.until(() => init.service("silent"), (s) => s.restarts >= 1);
    expect(s.last_failure).toContain("watchdog: no heartbeat in 300 ms");
    expect(s.last_exit?.signal).toBe("SIGKILL");
  });

  it("restarts dependents that follow their dependency, and only those", async () => {
    const before = await init.until(() => init.status(), (st) => ["follower", "bystander"].every((n) => st.services.find((s) => s.name === n)?.state === "ready"));
    const pid = (n: string) => before.services.find((s) => s.name === n)!.pid;
    await init.call("POST", "/v1/services/base/restart");
    const after = await init.until(() => init.status(), (st) => st.services.find((s) => s.name === "follower")?.state === "ready" && st.services.find((s) => s.name === "follower")?.pid !== pid("follower"));
    expect(after.services.find((s) => s.name === "bystander")!.pid).toBe(pid("bystander"));
  });

  it("drops privileges as declared, and fails clearly for an unknown user", async () => {
    const lines = async (svc: string) => (await init.call<{ lines: { line: string }[] }>("GET", `/v1/logs?service=${svc}`)).lines.map((l) => l.line);
    await init.until(() => lines("nnp"), (l) => l.some((x) => x.startsWith("NoNewPrivs")));
    expect((await lines("nnp")).find((x) => x.startsWith("NoNewPrivs"))).toMatch(/NoNewPrivs:\s+1/);
    await init.until(() => lines("nobody"), (l) => l.includes("uid=65534"));
    const ghost = await init.until(() => init.service("ghost"), (s) => s.state === "failed");
    expect(ghost.reason).toContain('no such user "no-such-user-here"');
  });

  it("follows a service's log as it is written", async () => {
    const seen: string[] = [];
    for await (const l of followLines<{ line: string; service: string }>("/v1/logs?service=chatty&n=1&follow=1", init.socket)) {
      expect(l.service).toBe("chatty");
      seen.push(l.line);
      if (seen.length === 5) break;
    }
    const nums = seen.map((l) => Number(l.split("-")[1]));
    expect(nums).toEqual(nums.map((_, i) => nums[0]! + i)); // consecutive lines, in order
  });

  it("reports memory and CPU per running service", async () => {
    const st = await init.service("base");
    expect(st.memory_bytes).toBeGreaterThan(0);
    expect(st.cpu_usec).toBeGreaterThanOrEqual(0);
  });
});

describe("enable, disable and reload", () => {
  it("keeps a disabled service down across a restart of init, and reload picks up new operator services", async () => {
    const services = { a: `command = ["/bin/sleep", "1000"]`, b: `command = ["/bin/sleep", "1000"]` };
    const first = new InitUnderTest(services);
    await first.start();
    await first.until(() => first.service("b"), (s) => s.state === "ready");
    await first.call("POST", "/v1/services/b/disable");
    await expect(first.call("POST", "/v1/services/zzz/disable")).rejects.toThrow("no such service");
    expect(JSON.parse(readFileSync(`${first.dir}/config/disabled.json`, "utf8"))).toEqual(["b"]);
    expect(await first.stop()).toBe(0);

    // A second init on the same state directory: b stays down until enabled.
    const second = Object.assign(Object.create(Object.getPrototypeOf(first)), first, { output: "", proc: undefined }) as InitUnderTest;
    await second.start();
    await second.until(() => second.service("a"), (s) => s.state === "ready");
    expect(await second.service("b")).toMatchObject({ state: "stopped", reason: "disabled" });
    await second.call("POST", "/v1/services/b/enable");
    await second.call("POST", "/v1/services/b/start");
    await second.until(() => second.service("b"), (s) => s.state === "ready");

    writeFileSync(`${second.dir}/ops/late.toml`, 'command = ["/bin/sleep", "1000"]\ndepends_on = ["a"]');
    writeFileSync(`${second.dir}/ops/typo.toml`, 'comand = ["/bin/true"]');
    const r = await second.call<{ added: string[]; errors: string[] }>("POST", "/v1/reload");
    expect(r.added).toEqual(["late"]);
    expect(r.errors[0]).toContain("typo.toml:1: comand: unknown key");
    await second.until(() => second.service("late"), (s) => s.state === "ready");
    expect(await second.stop()).toBe(0);
  });
});

describe("the read-only control socket", () => {
  let init: InitUnderTest;
  beforeAll(async () => {
    init = new InitUnderTest({
      base: `command = ["/bin/sleep", "1000"]`,
      // A service that runs as a user reports its readiness itself, on the read-only socket.
      late: `command = ["/bin/sleep", "1000"]\nuser = "nobody"\nready = { notify = true, timeout_ms = 60000 }`,
    });
    await init.start();
    await init.until(() => init.service("base"), (s) => s.state === "ready");
  });
  afterAll(async () => { await init.stop(); });
  const ro = <T>(method: "GET" | "POST", path: string, body?: unknown) => control<T>(method, path, body, init.readSocket);

  it("serves status, logs and events (both framings), root:<group> 0660 where the group exists", async () => {
    expect(existsSync(`${init.readSocket}.rpc`)).toBe(true);
    expect((await ro<{ services: unknown[] }>("GET", "/v1/status")).services).toHaveLength(2);
    expect(await ro("GET", "/v1/services/base")).toMatchObject({ name: "base", state: "ready" });
    expect((await ro<{ lines: unknown[] }>("GET", "/v1/logs?service=base")).lines.length).toBeGreaterThan(0);
    for await (const e of followLines<{ service: string }>("/v1/events?since=0&follow=1", init.readSocket)) { expect(e.service).toBeTruthy(); break; }
    expect(statSync(init.readSocket).mode & 0o777).toBe(0o600); // no aios-ipc group on this host: root's alone
    restrict(init.readSocket, "read", process.getgid!());
    expect(statSync(init.readSocket).mode & 0o777).toBe(0o660);
  });

  it("refuses every change with 403 and why", async () => {
    for (const path of ["/v1/services/base/stop", "/v1/services/base/disable", "/v1/system/poweroff", "/v1/reload"]) {
      await expect(ro("POST", path)).rejects.toThrow(`the read-only control socket does not serve POST ${path}`);
    }
    expect((await init.service("base")).state).toBe("ready");
  });

  it("takes readiness only from a service that runs as a user, for its own pid", async () => {
    await expect(ro("POST", "/v1/notify", { service: "base", pid: 1, status: "ready" })).rejects.toThrow('only services that run as a user report readiness on the read-only socket, not "base"');
    const late = await init.until(() => init.service("late"), (s) => s.state === "starting" && s.pid !== null);
    await expect(ro("POST", "/v1/notify", { service: "late", status: "ready" })).rejects.toThrow("names its pid");
    await expect(ro("POST", "/v1/notify", { service: "late", pid: late.pid! + 1, status: "ready" })).rejects.toThrow(`is not late's (${late.pid})`);
    expect(await ro("POST", "/v1/notify", { service: "late", pid: late.pid, status: "ready" })).toMatchObject({ ok: true });
    expect((await init.service("late")).state).toBe("ready");
  });
});

describe("cgroups", () => {
  it("applies declared limits where cgroup v2 delegates the controllers, and says why not otherwise", async () => {
    const cg = new Cgroups(`/sys/fs/cgroup/aios-test-${process.pid}`);
    if (cg.unavailable) {
      console.log(`cgroups unavailable here: ${cg.unavailable}`);
      expect(cg.unavailable.length).toBeGreaterThan(0);
      return;
    }
    const problems = cg.prepare({ id: "t", limits: { memoryMax: "64M", pidsMax: 5 } } as never);
    if (existsSync(`${cg.root}/t/memory.max`)) expect(readFileSync(`${cg.root}/t/memory.max`, "utf8").trim()).toBe(String(64 * 1024 * 1024));
    else expect(problems.join()).toContain("memory.max not applied");
    cg.remove("t");
  });
});
