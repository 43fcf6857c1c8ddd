// org.aios.Init1 end to end: a private bus with the shipped policy, a real `aios init` whose
// init-dbus service is the real bridge, and two clients (dbus-next and busctl) doing what a person
// or program would: introspect, call, read properties, watch signals, be refused when not root.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientInterface, type MessageBus, sessionBus } from "dbus-next";
import { InitUnderTest, bun, repo } from "../init/fixture.ts";
import { BUS_NAME, ERRORS, MANAGER_IFACE, ROOT_PATH, SERVICE_IFACE, servicePath } from "../../../consoles/dbus/names.ts";
import { PrivateBus, busctl } from "./bus.ts";

const NOBODY = "65534:65534";
type Struct = [string, string, string, number, number, number, string];

describe("org.aios.Init1 on a private bus", () => {
  const bus = new PrivateBus();
  let init: InitUnderTest;
  let client: MessageBus;
  let mgr: ClientInterface;
  const signals: string[][] = [];

  beforeAll(async () => {
    await bus.start();
    init = new InitUnderTest({
      "init-dbus": [
        `command = ["${bun}", "${repo}main.ts", "dbus-bridge"]`,
        `ready = { notify = true }`,
        `env = { DBUS_SYSTEM_BUS_ADDRESS = "${bus.address}" }`,
      ].join("\n"),
      victim: `command = ["/bin/sleep", "1000"]`,
      "two-words": `command = ["/bin/sleep", "1000"]\ndescription = "a service with a dash in its id"`,
    });
    await init.start();
    await init.until(() => init.service("init-dbus"), (s) => s.state === "ready" || s.state === "failed");
    client = sessionBus({ busAddress: bus.address });
    mgr = (await client.getProxyObject(BUS_NAME, ROOT_PATH)).getInterface(MANAGER_IFACE);
    mgr.on("ServiceStateChanged", (...args: string[]) => signals.push(args));
    await mgr.ListServices!(); // the bus handles our AddMatch before this call
  });
  afterAll(async () => {
    client?.disconnect();
    await init?.stop();
    await bus.stop();
  });

  it("owns org.aios.Init1 and tells init it is ready", async () => {
    expect((await init.service("init-dbus")).state).toBe("ready");
    const owner = await busctl(bus.address, ["status", BUS_NAME]);
    expect(owner.code).toBe(0);
    expect(owner.stdout).toContain(`PID=${(await init.service("init-dbus")).pid}`);
  });

  it("is introspectable with busctl, methods, properties and signal included", async () => {
    const r = await busctl(bus.address, ["introspect", BUS_NAME, ROOT_PATH]);
    expect(r.code).toBe(0);
    for (const m of [".ListServices", ".GetService", ".Start", ".Stop", ".Restart", ".Reboot", ".PowerOff", ".Status", ".Services", ".Ready", ".ServiceStateChanged"]) {
      expect(r.stdout).toContain(m);
    }
    expect(r.stdout).toMatch(/\.GetService\s+method\s+s\s+\(sssuudo\)/);
    expect(r.stdout).toMatch(/\.ServiceStateChanged\s+signal\s+ssss/);
    const tree = await busctl(bus.address, ["tree", BUS_NAME]);
    expect(tree.stdout).toContain(servicePath("victim"));
    expect(tree.stdout).toContain(`${ROOT_PATH}/service/two_2dwords`);
    const svc = await busctl(bus.address, ["introspect", BUS_NAME, servicePath("victim"), SERVICE_IFACE]);
    expect(svc.stdout).toMatch(/\.State\s+property\s+s\s+"ready"/);
    expect(svc.stdout).toMatch(/\.Uptime\s+property\s+d/);
  });

  it("lists and describes services to a dbus-next client", async () => {
    const list = (await mgr.ListServices!()) as Struct[];
    expect(list.map((s) => s[0]).sort()).toEqual(["init-dbus", "two-words", "victim"]);
    const victim = (await mgr.GetService!("victim")) as Struct;
    const fromInit = await init.service("victim");
    expect(victim).toEqual(["victim", "victim", "ready", fromInit.pid, 0, expect.any(Number), servicePath("victim")]);
    const status = JSON.parse((await mgr.Status!()) as string) as { boot: { pid1: boolean } };
    expect(status.boot.pid1).toBe(false);
  });

  it("answers an unknown service with org.aios.Init1.Error.NoSuchService", async () => {
    await expect(mgr.GetService!("nope")).rejects.toMatchObject({ type: ERRORS.NoSuchService });
    await expect(mgr.Start!("../status")).rejects.toMatchObject({ type: ERRORS.NoSuchService });
    const r = await busctl(bus.address, ["call", BUS_NAME, ROOT_PATH, MANAGER_IFACE, "Stop", "s", "nope"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("no such service");
  });

  it("calls and reads properties with busctl", async () => {
    const r = await busctl(bus.address, ["--json=short", "call", BUS_NAME, ROOT_PATH, MANAGER_IFACE, "GetService", "s", "two-words"]);
    expect(r.code).toBe(0);
    const reply = JSON.parse(r.stdout) as { type: string; data: [Struct] };
    expect(reply.type).toBe("(sssuudo)");
    expect(reply.data[0].slice(0, 3)).toEqual(["two-words", "a service with a dash in its id", "ready"]);
    const state = await busctl(bus.address, ["get-property", BUS_NAME, servicePath("two-words"), SERVICE_IFACE, "State", "Pid"]);
    expect(state.stdout).toBe(`s "ready"\nu ${(await init.service("two-words")).pid}\n`);
    const ids = await busctl(bus.address, ["get-property", BUS_NAME, ROOT_PATH, MANAGER_IFACE, "Services"]);
    expect(ids.stdout.trim()).toBe(`as 3 ${(await init.status()).services.map((s) => `"${s.name}"`).join(" ")}`);
  });

  it("stops and starts a service, with ServiceStateChanged seen by busctl monitor and dbus-next", async () => {
    const monitor = Bun.spawn(["busctl", `--address=${bus.address}`, "--json=short", "monitor", BUS_NAME], { stdio: ["ignore", "pipe", "pipe"] });
    let seen = "";
    void (async () => { for await (const c of monitor.stdout as ReadableStream<Uint8Array>) seen += new TextDecoder().decode(c); })();
    // The monitor attaches asynchronously: it is watching once it reports a call we make.
    while (!seen.includes("ListServices")) { await mgr.ListServices!(); await Bun.sleep(50); }

    const from = signals.length;
    const r = await busctl(bus.address, ["call", BUS_NAME, ROOT_PATH, MANAGER_IFACE, "Stop", "s", "victim"]);
    expect(r.code).toBe(0);
    expect((await init.service("victim")).state).toBe("stopped");
    await init.until(async () => signals.slice(from), (s) => s.some((x) => x[0] === "victim" && x[2] === "stopped"));
    expect(signals.slice(from).map((s) => s.slice(0, 3))).toContainEqual(["victim", "stopping", "stopped"]);

    await mgr.Start!("victim");
    await init.until(async () => signals.slice(from), (s) => s.some((x) => x[0] === "victim" && x[2] === "ready"));
    await init.until(async () => seen, (s) => s.includes('"ServiceStateChanged"') && /"victim","starting","ready"/.test(s));
    monitor.kill();
    await monitor.exited;
  });

  it("follows a SIGKILL: signal, PropertiesChanged, and a new Pid property", async () => {
    const obj = await client.getProxyObject(BUS_NAME, servicePath("victim"));
    const props = obj.getInterface("org.freedesktop.DBus.Properties");
    const changes: Record<string, { value: unknown }>[] = [];
    props.on("PropertiesChanged", (iface: string, changed: Record<string, { value: unknown }>) => { if (iface === SERVICE_IFACE) changes.push(changed); });
    await props.Get!(SERVICE_IFACE, "State"); // the bus handles our AddMatch before this call
    const before = await init.until(() => init.service("victim"), (s) => s.state === "ready");
    const from = signals.length;
    process.kill(before.pid!, "SIGKILL");
    const after = await init.until(() => init.service("victim"), (s) => s.state === "ready" && s.pid !== before.pid);
    await init.until(async () => signals.slice(from), (s) => s.some((x) => x[0] === "victim" && x[2] === "ready"));
    expect(signals.slice(from).find((x) => x[0] === "victim" && x[1] === "ready")?.[3]).toContain("SIGKILL");
    await init.until(async () => (await props.Get!(SERVICE_IFACE, "Pid")).value, (pid) => pid === after.pid);
    expect((await props.Get!(SERVICE_IFACE, "Restarts")).value).toBe(after.restarts);
    await init.until(async () => changes, (c) => c.some((x) => x.Pid?.value === after.pid));
    expect(changes.some((x) => x.State !== undefined)).toBe(true);
  });

  it("lets anyone read but only root act (the shipped bus policy)", async () => {
    const read = await busctl(bus.address, ["call", BUS_NAME, ROOT_PATH, MANAGER_IFACE, "ListServices"], NOBODY);
    expect(read.stderr).toBe("");
    expect(read.stdout).toMatch(/^a\(sssuudo\) 3 /);
    const prop = await busctl(bus.address, ["get-property", BUS_NAME, servicePath("victim"), SERVICE_IFACE, "State"], NOBODY);
    expect(prop.stdout).toBe(`s "ready"\n`);
    expect((await busctl(bus.address, ["introspect", BUS_NAME, ROOT_PATH], NOBODY)).code).toBe(0);
    for (const call of [[ROOT_PATH, MANAGER_IFACE, "Stop", "s", "victim"], [servicePath("victim"), SERVICE_IFACE, "Restart"], [ROOT_PATH, MANAGER_IFACE, "PowerOff"]]) {
      const r = await busctl(bus.address, ["call", BUS_NAME, ...call], NOBODY);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/[Aa]ccess denied|AccessDenied/);
    }
    expect((await init.service("victim")).state).toBe("ready");
  });

  it("restarts a service through its own object", async () => {
    const before = await init.service("victim");
    const r = await busctl(bus.address, ["call", BUS_NAME, servicePath("victim"), SERVICE_IFACE, "Restart"]);
    expect(r.code).toBe(0);
    const after = await init.until(() => init.service("victim"), (s) => s.state === "ready" && s.pid !== before.pid);
    expect(after.pid).toBeGreaterThan(0);
  });

  it("powers init off through PowerOff", async () => {
    await mgr.PowerOff!();
    expect(await init.proc!.exited).toBe(0);
  });
});
