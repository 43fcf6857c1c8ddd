// Pure policy rules: capability coverage, risk from effects, modes and patterns, lock-out guards.
import { describe, expect, it } from "vitest";
import { type AgentPolicy, classify, covers, decide, type Effect, lockoutViolation, missing, parseAgentPolicy } from "../../../runtime/policy/index.ts";

const pol = (mode: AgentPolicy["mode"], extra: Partial<AgentPolicy> = {}): AgentPolicy => ({ agent: "a", mode, capabilities: [], allowlist: [], patterns: { dangerous: [], confirm: [] }, ...extra });
const logWrite: Effect = { kind: "file.write", path: "/var/log/x.log", existed: true, bytes: 1, sha256: "x" };
const etcWrite: Effect = { kind: "file.write", path: "/etc/aios/x.toml", existed: true, bytes: 1, sha256: "x" };

describe("capabilities", () => {
  it("covers exact, wildcard and parent-path grants", () => {
    expect(covers("net.read", "net.read")).toBe(true);
    expect(covers("net.*", "net.firewall.write")).toBe(true);
    expect(covers("net.*", "netx.read")).toBe(false);
    expect(covers("fs.write:/etc/aios", "fs.write:/etc/aios/agents/net.toml")).toBe(true);
    expect(covers("fs.write:/etc/aios", "fs.write:/etc/aiosx")).toBe(false);
    expect(covers("fs.write:/etc/aios", "fs.write:/etc/aios/../shadow")).toBe(false);
    expect(covers("fs.read:/", "fs.write:/tmp/x")).toBe(false);
    expect(missing(["fs.read:/var/log", "pkg.install"], ["fs.read:/var/log/syslog", "pkg.remove"])).toEqual(["pkg.remove"]);
  });
});

describe("risk", () => {
  it("comes from effects only", () => {
    expect(classify([])).toBe("none");
    expect(classify([logWrite])).toBe("low");
    expect(classify([logWrite, etcWrite])).toBe("high");
    // Installs and upgrades run new code as root (maintainer scripts included): approval in normal mode.
    expect(classify([{ kind: "package.install", name: "htop", version: "3" }])).toBe("high");
    expect(classify([{ kind: "package.upgrade", name: "htop", from: "3", to: "3.1" }])).toBe("high");
    // Refreshing lists and finishing an interrupted configure change no installed version.
    expect(classify([{ kind: "package.lists", sources: 2 }])).toBe("low");
    expect(classify([{ kind: "package.configure", name: "htop", version: "3", state: "half-configured" }])).toBe("low");
    expect(classify([{ kind: "package.remove", name: "htop", version: "3" }])).toBe("high");
    expect(classify([{ kind: "process.signal", pid: 3, name: "x", signal: "HUP" }])).toBe("low");
    expect(classify([{ kind: "process.signal", pid: 3, name: "x", signal: "KILL" }])).toBe("high");
    expect(classify([{ kind: "port.open", port: 80, proto: "tcp" }])).toBe("high");
  });
});

describe("modes", () => {
  it("safe approves every change, runs reads", () => {
    expect(decide(pol("safe"), "t", {}, [], "none").action).toBe("run");
    expect(decide(pol("safe"), "t", {}, [logWrite], "low").action).toBe("approve");
  });
  it("normal runs low risk and approves high risk", () => {
    expect(decide(pol("normal"), "t", {}, [logWrite], "low").action).toBe("run");
    expect(decide(pol("normal"), "t", {}, [etcWrite], "high").action).toBe("approve");
  });
  it("paranoid refuses off-list tools and approves everything else", () => {
    expect(decide(pol("paranoid"), "t", {}, [], "none").action).toBe("refuse");
    expect(decide(pol("paranoid", { allowlist: ["t"] }), "t", {}, [], "none").action).toBe("approve");
  });
  it("trusted runs everything", () => {
    expect(decide(pol("trusted"), "t", {}, [etcWrite], "high").action).toBe("run");
  });
  it("patterns only tighten: dangerous refuses, confirm approves", () => {
    const p = pol("trusted", { patterns: { dangerous: ["authorized_keys"], confirm: ["/var/log/"] } });
    expect(decide(p, "t", { path: "/root/.ssh/authorized_keys" }, [], "none")).toMatchObject({ action: "refuse" });
    expect(decide(p, "t", {}, [logWrite], "low")).toMatchObject({ action: "approve", reason: expect.stringContaining("confirm") });
  });
});

describe("lock-out guards", () => {
  it("refuse cutting ssh, the web console and the serial console in any form", () => {
    expect(lockoutViolation([{ kind: "port.close", port: 22, proto: "tcp" }])).toMatch(/ssh/);
    expect(lockoutViolation([{ kind: "port.close", port: 9090, proto: "tcp" }])).toMatch(/web console/);
    expect(lockoutViolation([{ kind: "port.close", port: 8080, proto: "tcp" }])).toBeNull();
    expect(lockoutViolation([{ kind: "service.stop", service: "console-serial" }])).toMatch(/console-serial/);
    expect(lockoutViolation([{ kind: "service.restart", service: "ssh" }])).toBeNull();
    expect(lockoutViolation([{ kind: "process.signal", pid: 9, name: "dropbear", signal: "SIGKILL" }])).toMatch(/dropbear/);
    expect(lockoutViolation([{ kind: "package.remove", name: "dropbear", version: "1" }])).toMatch(/dropbear/);
    expect(lockoutViolation([{ kind: "file.delete", path: "/root/.ssh/authorized_keys", bytes: 10 }])).toMatch(/ssh/);
    expect(lockoutViolation([{ kind: "port.close", port: 2222, proto: "tcp" }], { sshPort: 2222, webPort: 9090, protectedServices: [], protectedProcesses: [], protectedPackages: [], protectedInterfaces: [] })).toMatch(/ssh/);
  });
});

describe("agent policy config", () => {
  it("parses and reports bad keys with the file", () => {
    expect(parseAgentPolicy("net", { mode: "normal", capabilities: ["net.read"] }, "/etc/aios/agents/net.toml")).toMatchObject({ mode: "normal", capabilities: ["net.read"], allowlist: [] });
    expect(parseAgentPolicy("net", undefined, "f").mode).toBe("safe");
    expect(() => parseAgentPolicy("net", { mode: "yolo" }, "/etc/aios/agents/net.toml")).toThrow(/net.toml: policy.mode: must be one of/);
    expect(() => parseAgentPolicy("net", { dangerous: ["("] }, "f")).toThrow(/invalid regular expression/);
  });
});
