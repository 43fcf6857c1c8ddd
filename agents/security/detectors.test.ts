// Each detector against hand-built observations, and each rule set's answer for its findings.
import { describe, expect, it } from "vitest";
import type { DetectContext, Finding } from "../loop/types.ts";
import { factsOf } from "../loop/types.ts";
import { actions } from "./actions.ts";
import { bruteForceDetector, identityDetector, KINDS, listenerDetector, secretDetector, suidDetector } from "./detectors.ts";
import type { SecurityObs } from "./observe.ts";
import { rules } from "./rules.ts";
import { DEFAULTS } from "./settings.ts";

const NOW = Date.parse("2026-12-02T03:00:00Z");
const obs = (o: Partial<SecurityObs> = {}): SecurityObs => ({
  at: NOW, settings: DEFAULTS, listeners: [], sessions: [], identity: [], suid: [], suidTruncated: false, secrets: [], sshFailures: [],
  baseline: { listeners: [], identity: {}, suid: [] }, errors: [], ...o,
});
const ctx = {} as DetectContext<SecurityObs>;
const decide = (f: Finding) => rules[f.kind]!.find((r) => r.when(factsOf(f), {} as never))!.answer(factsOf(f), {} as never) as { action: string; params: Record<string, unknown> };

describe("listener detector", () => {
  const l = (port: number, addrs: string[], comm: string | null = "nc", pid: number | null = 4242) => ({ key: `tcp:${port}`, proto: "tcp" as const, port, addrs, pid, comm });
  it("passes expected, loopback-only and baseline listeners", () => {
    const o = obs({ listeners: [l(22, ["0.0.0.0"], "dropbear"), l(9090, ["::"]), l(5432, ["127.0.0.1", "::1"]), l(8080, ["0.0.0.0"], "web")], baseline: { listeners: ["tcp:8080/web"], identity: {}, suid: [] } });
    expect(listenerDetector.detect(o, ctx)).toEqual([]);
  });
  it("flags a new one with its owner, and stops it (or escalates an access service)", () => {
    const [f] = listenerDetector.detect(obs({ listeners: [l(4444, ["0.0.0.0"])] }), ctx);
    expect(f).toMatchObject({ kind: KINDS.listener, key: "security.listener.unexpected:tcp:4444", facts: { pid: 4242, comm: "nc", protected: false } });
    expect(decide(f!)).toMatchObject({ action: "stop_process", params: { pid: 4242, signal: "TERM" } });
    expect(actions.stop_process!.calls(decide(f!).params, f!)).toEqual([{ tool: "processes.signal", input: { pid: 4242, signal: "TERM" } }]);
    const [g] = listenerDetector.detect(obs({ listeners: [l(2222, ["0.0.0.0"], "dropbear", 7)] }), ctx);
    expect(decide(g!).action).toBe("escalate");
    const [h] = listenerDetector.detect(obs({ listeners: [l(31337, ["0.0.0.0"], null, null)] }), ctx);
    expect(actions.close_port!.calls(decide(h!).params, h!)).toEqual([{ tool: "firewall.port", input: { action: "block", port: 31337, proto: "tcp", family: "inet", table: "aios", chain: "input" } }]);
  });
  it("flags loopback listeners when loopback_ok is off", () => {
    expect(listenerDetector.detect(obs({ settings: { ...DEFAULTS, loopbackOk: false }, listeners: [l(5432, ["127.0.0.1"])] }), ctx)).toHaveLength(1);
  });
});

describe("identity detector", () => {
  const base = { "/etc/passwd": { sha256: "aaa", items: ["root uid=0 gid=0 home=/root shell=/bin/sh"] }, "/root/.ssh/authorized_keys": { sha256: "kkk", items: ["ssh-ed25519 SHA256:old"] } };
  it("is quiet while hashes match the baseline", () => {
    const o = obs({ identity: [{ path: "/etc/passwd", kind: "passwd", sha256: "aaa", items: base["/etc/passwd"].items }], baseline: { listeners: [], identity: base, suid: [] } });
    expect(identityDetector.detect(o, ctx)).toEqual([]);
  });
  it("summarizes what was added and removed, keyed by the new content, and escalates", () => {
    const o = obs({
      identity: [
        { path: "/etc/passwd", kind: "passwd", sha256: "bbbbbbbbbbbbbbbb", items: [...base["/etc/passwd"].items, "eve uid=0 gid=0 home=/home/eve shell=/bin/sh"] },
        { path: "/root/.ssh/authorized_keys", kind: "authorized_keys", sha256: null, items: [] },
        { path: "/home/eve/.ssh/authorized_keys", kind: "authorized_keys", sha256: "ccc", items: ["ssh-ed25519 SHA256:new"] },
      ],
      baseline: { listeners: [], identity: base, suid: [] },
    });
    const fs = identityDetector.detect(o, ctx);
    expect(fs.map((f) => [f.key, f.facts.change])).toEqual([
      ["security.identity.changed:/etc/passwd:bbbbbbbbbbbb", "modified"],
      ["security.identity.changed:/root/.ssh/authorized_keys:absent", "deleted"],
      ["security.identity.changed:/home/eve/.ssh/authorized_keys:ccc", "created"],
    ]);
    expect(fs[0]!.facts.added).toEqual(["eve uid=0 gid=0 home=/home/eve shell=/bin/sh"]);
    expect(fs[1]!.facts.removed).toEqual(["ssh-ed25519 SHA256:old"]);
    for (const f of fs) expect(decide(f).action).toBe("escalate");
  });
});

describe("suid and secret detectors", () => {
  it("proposes removing SUID from a file not in the baseline", () => {
    const o = obs({ suid: [{ path: "/usr/bin/passwd", mode: 0o4755, uid: 0 }, { path: "/tmp/sh", mode: 0o4755, uid: 0 }], baseline: { listeners: [], identity: {}, suid: ["/usr/bin/passwd"] } });
    const [f, more] = suidDetector.detect(o, ctx);
    expect(more).toBeUndefined();
    expect(f).toMatchObject({ key: "security.suid.new:/tmp/sh", severity: "critical", facts: { new_mode: 0o755 } });
    expect(actions.remove_suid!.calls(decide(f!).params, f!)).toEqual([{ tool: "files.chmod", input: { path: "/tmp/sh", mode: 0o755 } }]);
  });
  it("tightens a loose secret to the allowed bits", () => {
    const o = obs({ secrets: [{ path: "/etc/aios/secrets.toml", mode: 0o644, max: 0o600, dir: false }, { path: "/etc/shadow", mode: 0o640, max: 0o640, dir: false }, { path: "/root/.ssh", mode: 0o755, max: 0o700, dir: true }] });
    const fs = secretDetector.detect(o, ctx);
    expect(fs.map((f) => [f.facts.path, f.facts.new_mode])).toEqual([["/etc/aios/secrets.toml", 0o600], ["/root/.ssh", 0o700]]);
    expect(decide(fs[0]!)).toMatchObject({ action: "tighten_mode", params: { path: "/etc/aios/secrets.toml", mode: 0o600 } });
  });
});

describe("brute-force detector", () => {
  const fail = (addr: string, ago: number, count = 1) => ({ ts: NOW - ago * 1000, addr, count, user: "root", line: `Bad password attempt for 'root' from ${addr}:1` });
  it("counts failures per address within the window only", () => {
    const o = obs({ sshFailures: [...Array.from({ length: 4 }, () => fail("203.0.113.9", 10)), fail("203.0.113.9", 9000), fail("192.0.2.1", 5, 3)] });
    expect(bruteForceDetector.detect(o, ctx)).toEqual([]);
    const [f] = bruteForceDetector.detect(obs({ sshFailures: [...o.sshFailures, fail("203.0.113.9", 1)] }), ctx);
    expect(f).toMatchObject({ key: "security.ssh.bruteforce:203.0.113.9", facts: { failures: 5, operator: false, never_block: false } });
    expect(actions.block_address!.calls(decide(f!).params, f!)).toEqual([{ tool: "firewall.block", input: { addr: "203.0.113.9", family: "inet", table: "aios", chain: "input" } }]);
  });
  it("escalates instead of blocking an operator's or a never-block address", () => {
    const many = (a: string) => Array.from({ length: 6 }, () => fail(a, 1));
    const [op] = bruteForceDetector.detect(obs({ sessions: ["198.51.100.7"], sshFailures: many("198.51.100.7") }), ctx);
    expect(op!.facts.operator).toBe(true);
    expect(decide(op!).action).toBe("escalate");
    const [lo] = bruteForceDetector.detect(obs({ sshFailures: many("127.0.0.1") }), ctx);
    expect(decide(lo!).action).toBe("escalate");
  });
});
