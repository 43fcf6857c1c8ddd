// Process, service and network tools against real processes and a network namespace made here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { NotFoundError } from "../../../runtime/errors.ts";
import { networkTools } from "../../../tools/network/index.ts";
import { processTools } from "../../../tools/processes/index.ts";
import { type ServiceControl, type ServiceStatus, serviceTools } from "../../../tools/services/index.ts";
import { type Harness, harness, policy, why } from "./harness.ts";
import { addNetns, canNetns, delNetns } from "./netns.ts";

/**
 * A tiny init for the test: each service is a real child process. It implements the same interface
 * aios init's control client does, so the tools are exercised end to end.
 */
class ProcessInit implements ServiceControl {
  private procs = new Map<string, { cmd: string[]; proc?: ReturnType<typeof Bun.spawn>; restarts: number }>();
  constructor(services: Record<string, string[]>) { for (const [id, cmd] of Object.entries(services)) this.procs.set(id, { cmd, restarts: 0 }); }
  private entry(id: string) { const e = this.procs.get(id); if (!e) throw new NotFoundError(`no service ${id}`); return e; }
  async list() { return Promise.all([...this.procs.keys()].map((id) => this.status(id))); }
  async status(id: string): Promise<ServiceStatus> {
    const e = this.entry(id);
    if (!e.proc) return { id, state: "stopped", restarts: e.restarts };
    if (e.proc.exitCode !== null || e.proc.signalCode !== null) return { id, state: "failed", reason: `exited ${e.proc.exitCode ?? e.proc.signalCode}`, restarts: e.restarts };
    return { id, state: "running", pid: e.proc.pid, restarts: e.restarts };
  }
  async start(id: string) { const e = this.entry(id); e.proc = Bun.spawn(e.cmd, { stdout: "ignore", stderr: "ignore" }); await Bun.sleep(30); }
  async stop(id: string) { const e = this.entry(id); e.proc?.kill(); await e.proc?.exited; e.proc = undefined; }
  async restart(id: string) { await this.stop(id); this.entry(id).restarts++; await this.start(id); }
  readonly disabled = new Set<string>();
  async enable(id: string) { this.entry(id); this.disabled.delete(id); }
  async disable(id: string) { this.entry(id); this.disabled.add(id); }
}

describe("process and service tools", () => {
  const init = new ProcessInit({ web: ["sleep", "60"], flaky: ["sh", "-c", "exit 3"], ssh: ["sleep", "60"] });
  let h: Harness;
  beforeAll(() => {
    h = harness(() => [...processTools(), ...serviceTools(init)]);
    h.policies.set("ops", policy("ops", "trusted", ["proc.read", "proc.signal", "svc.read", "svc.control"]));
    h.policies.set("webonly", policy("webonly", "trusted", ["svc.control:web"]));
  });
  afterAll(async () => { for (const id of ["web", "ssh"]) await init.stop(id); h.close(); });

  it("lists processes from /proc", async () => {
    const out = await h.registry.call({ agent: "ops", tool: "processes.list", input: { sortBy: "pid" }, why });
    expect(out.status === "done" && (out.result as { pid: number }[]).some((p) => p.pid === process.pid)).toBe(true);
  });

  it("previews a signal by the process it reaches, then sends it", async () => {
    const child = Bun.spawn(["sleep", "60"]);
    const p = await h.registry.preview({ agent: "ops", tool: "processes.signal", input: { pid: child.pid, signal: "TERM" }, why });
    expect(p).toMatchObject({ status: "preview", risk: "high", plan: { effects: [{ kind: "process.signal", pid: child.pid, name: "sleep", signal: "TERM" }] } });
    expect(child.exitCode).toBeNull();
    expect(await h.registry.call({ agent: "ops", tool: "processes.signal", input: { pid: child.pid, signal: "TERM" }, why })).toMatchObject({ status: "done" });
    await child.exited;
    expect(child.signalCode).toBe("SIGTERM");
  });

  it("starts a service and keeps the start while it stays up", async () => {
    expect(await h.registry.call({ agent: "ops", tool: "services.control", input: { id: "web", action: "start" }, why })).toMatchObject({ status: "done", effects: [{ kind: "service.start", service: "web" }] });
    expect((await init.status("web")).state).toBe("running");
    expect(await h.registry.preview({ agent: "ops", tool: "services.control", input: { id: "web", action: "start" }, why })).toMatchObject({ plan: { effects: [] } });
  });

  it("reports a start whose health check fails", async () => {
    const out = await h.registry.call({ agent: "ops", tool: "services.control", input: { id: "flaky", action: "start" }, why });
    expect(out).toMatchObject({ status: "rolled_back", reason: expect.stringContaining("flaky is failed: exited 3") });
  });

  it("scopes service control per service and refuses stopping ssh", async () => {
    expect(await h.registry.call({ agent: "webonly", tool: "services.control", input: { id: "flaky", action: "restart" }, why })).toMatchObject({ status: "refused", blame: "capability" });
    await init.start("ssh");
    expect(await h.registry.call({ agent: "ops", tool: "services.control", input: { id: "ssh", action: "stop" }, why })).toMatchObject({ status: "refused", blame: "lockout" });
    expect((await init.status("ssh")).state).toBe("running");
  });

  it("enables and disables a service at boot, and refuses disabling ssh", async () => {
    expect(await h.registry.call({ agent: "ops", tool: "services.control", input: { id: "web", action: "disable" }, why })).toMatchObject({ status: "done", effects: [{ kind: "service.disable", service: "web" }] });
    expect(init.disabled.has("web")).toBe(true);
    expect(await h.registry.call({ agent: "ops", tool: "services.control", input: { id: "web", action: "enable" }, why })).toMatchObject({ status: "done", effects: [{ kind: "service.enable", service: "web" }] });
    expect(init.disabled.has("web")).toBe(false);
    expect(await h.registry.call({ agent: "ops", tool: "services.control", input: { id: "ssh", action: "disable" }, why })).toMatchObject({ status: "refused", blame: "lockout", reason: expect.stringContaining("disabling service ssh") });
    expect(init.disabled.has("ssh")).toBe(false);
  });
});

const nsSkip = canNetns();
describe.skipIf(nsSkip !== null)("network tools (in a network namespace)", () => {
  let ns = "";
  let h: Harness;
  const addrs = () => execFileSync("ip", ["-n", ns, "-br", "addr", "show", "dev", "d0"], { encoding: "utf8" });
  beforeAll(() => {
    ns = addNetns("net");
    // A veth pair (dummy is not built into every kernel); both ends stay in the namespace.
    execFileSync("ip", ["-n", ns, "link", "add", "d0", "type", "veth", "peer", "name", "d1"]);
    execFileSync("ip", ["-n", ns, "link", "set", "d0", "up"]);
    execFileSync("ip", ["-n", ns, "link", "set", "d1", "up"]);
    execFileSync("ip", ["-n", ns, "addr", "add", "192.0.2.1/24", "dev", "d0"]);
    execFileSync("ip", ["-n", ns, "route", "add", "default", "via", "192.0.2.254", "dev", "d0"]);
    h = harness(() => networkTools({ netns: ns }));
    h.policies.set("net", policy("net", "trusted", ["net.read", "net.write"]));
  });
  afterAll(() => { h?.close(); if (ns) delNetns(ns); });

  it("shows links, addresses and routes", async () => {
    const out = await h.registry.call({ agent: "net", tool: "network.show", input: {}, why });
    expect(out).toMatchObject({ status: "done", result: { links: expect.arrayContaining([{ name: "d0", up: true, state: expect.any(String), addrs: expect.arrayContaining(["192.0.2.1/24"]) }]), routes: expect.arrayContaining([expect.objectContaining({ dst: "default", gateway: "192.0.2.254" })]) } });
  });

  it("previews an address change exactly and applies it", async () => {
    const input = { iface: "d0", addr: "198.51.100.7/24", action: "add" };
    const p = await h.registry.preview({ agent: "net", tool: "network.address", input, why });
    expect(p).toMatchObject({ plan: { effects: [{ kind: "net.addr", iface: "d0", addr: "198.51.100.7/24", change: "add" }] } });
    expect(addrs()).not.toContain("198.51.100.7");
    expect(await h.registry.call({ agent: "net", tool: "network.address", input, why })).toMatchObject({ status: "done" });
    expect(addrs()).toContain("198.51.100.7/24");
    expect(await h.registry.preview({ agent: "net", tool: "network.address", input, why })).toMatchObject({ plan: { effects: [] } });
  });

  it("refuses taking down the interface with the default route, allows another", async () => {
    expect(await h.registry.call({ agent: "net", tool: "network.link", input: { iface: "d0", state: "down" }, why })).toMatchObject({ status: "refused", blame: "lockout" });
    expect(await h.registry.call({ agent: "net", tool: "network.link", input: { iface: "d1", state: "down" }, why })).toMatchObject({ status: "done" });
    expect(await h.registry.call({ agent: "net", tool: "network.route", input: { dst: "default", action: "del" }, why })).toMatchObject({ status: "refused", blame: "lockout" });
  });
});
