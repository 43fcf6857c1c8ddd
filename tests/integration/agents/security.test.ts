// The security agent end to end on real things: a temp tree for credential files, SUID bits and
// secrets (tightened through a real ToolRegistry by itself, SUID removal left for approval); a real
// listener in a child process found with its pid; dropbear failure lines in init's log-file format
// leading to a proposed block in a real nft namespace, and a block of a really connected
// "operator" address refused by the lock-out guard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LOCKOUT } from "../../../runtime/policy/lockout.ts";
import { establishedPeers } from "../../../runtime/proc/sockets.ts";
import { acceptBaseline } from "../../../agents/security/index.ts";
import { chmodTools } from "../../../tools/files/chmod.ts";
import { blockTools } from "../../../tools/firewall/block.ts";
import { processTools } from "../../../tools/processes/index.ts";
import { harness, type Harness } from "../tools/harness.ts";
import { addNetns, canNetns, delNetns, findNft, nsNft } from "../tools/netns.ts";
import { context, cycle, mapMemo, securityPolicy, why } from "./security-cycle.ts";

const KEY1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPZ8p0l2cO1n0kq3Jd7Tq0v7vYpWbHk3p9o8c0G1m2QJ ops@bastion";
const KEY2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHY8PlvhxrkLNC5bZ2m4JNmkf0sy0KwdwLiGXjyhvdx4 eve@evil";
const put = (root: string, p: string, text: string, mode: number) => { mkdirSync(join(root, p, ".."), { recursive: true }); writeFileSync(join(root, p), text); chmodSync(join(root, p), mode); };
const modeOf = (p: string) => statSync(p).mode & 0o7777;

describe("security agent on a temp root", () => {
  let h: Harness;
  let root = "";
  beforeAll(async () => {
    h = harness((dir) => {
      root = join(dir, "root");
      return chmodTools({ roots: [root], root });
    });
    h.policies.set("security", await securityPolicy());
    put(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0o644);
    put(root, "etc/shadow", "root:*:19000:0:99999:7:::\n", 0o640);
    put(root, "etc/group", "root:x:0:\n", 0o644);
    put(root, "etc/sudoers", "root ALL=(ALL) ALL\n", 0o440);
    put(root, "etc/aios/secrets.toml", "[openai]\nkey = \"sk-test\"\n", 0o600);
    put(root, "root/.ssh/authorized_keys", `${KEY1}\n`, 0o600);
    chmodSync(join(root, "root/.ssh"), 0o700);
    mkdirSync(join(root, "usr/bin"), { recursive: true });
  });
  afterAll(() => h?.close());

  it("sets baselines at first sight, then notices edits, tightens the secret alone and proposes SUID removal", async () => {
    const memo = mapMemo();
    const ctx = context(root, { suid_dirs: ["/usr/bin", "/tmp"], ssh_log: "/var/lib/aios/log/dropbear.log" }, memo);
    const first = await cycle(ctx);
    expect(first.decided.map((d) => d.finding.key)).toEqual([]);
    expect([...memo.data.keys()].sort()).toEqual(["baseline.identity", "baseline.listeners", "baseline.suid"]);

    writeFileSync(join(root, "root/.ssh/authorized_keys"), `${KEY1}\n${KEY2}\n`);
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\neve:x:0:0::/home/eve:/bin/sh\n");
    chmodSync(join(root, "etc/aios/secrets.toml"), 0o644);
    put(root, "usr/bin/helper", "#!/bin/sh\n", 0o4755);

    const second = await cycle(ctx);
    const by = (kind: string) => second.decided.filter((d) => d.finding.kind === kind);
    const ids = by("security.identity.changed");
    expect(ids.map((d) => [d.finding.facts.path, d.choice.action])).toEqual([["/etc/passwd", "escalate"], ["/root/.ssh/authorized_keys", "escalate"]]);
    expect(ids[0]!.finding.facts.added).toEqual(["eve uid=0 gid=0 home=/home/eve shell=/bin/sh"]);
    expect(ids[1]!.finding.facts.added).toEqual(["ssh-ed25519 SHA256:itFbrP55Mf/FxlSrpOiM8ze8VKzQuRp6oZ+iQrrkF24"]);
    expect(readFileSync(join(root, "etc/passwd"), "utf8")).toContain("eve"); // never reverted

    const [secret] = by("security.secret.loose");
    const outSecret = await h.registry.call({ agent: "security", ...secret!.calls[0]!, why: why(secret!) });
    expect(outSecret).toMatchObject({ status: "done", risk: "low" });
    expect(modeOf(join(root, "etc/aios/secrets.toml"))).toBe(0o600);

    const [suid] = by("security.suid.new");
    expect(suid!.finding.facts.path).toBe("/usr/bin/helper");
    const outSuid = await h.registry.call({ agent: "security", ...suid!.calls[0]!, why: why(suid!) });
    expect(outSuid).toMatchObject({ status: "pending", risk: "high" });
    expect(modeOf(join(root, "usr/bin/helper"))).toBe(0o4755);

    const third = await cycle(ctx);
    expect(third.decided.map((d) => d.finding.kind).sort()).toEqual(["security.identity.changed", "security.identity.changed", "security.suid.new"]);
    expect(third.decided.filter((d) => d.finding.kind === "security.identity.changed").map((d) => d.finding.key)).toEqual(ids.map((d) => d.finding.key)); // same incident
    acceptBaseline(memo, third.obs, ["identity"]);
    expect((await cycle(ctx)).decided.map((d) => d.finding.kind)).toEqual(["security.suid.new"]);
  });
});

describe("a real unexpected listener", () => {
  let h: Harness;
  beforeAll(async () => { h = harness(() => processTools()); h.policies.set("security", await securityPolicy()); });
  afterAll(() => h?.close());

  it("is found with its pid, and stopping it waits for approval", async () => {
    const memo = mapMemo();
    const ctx = context("/", { loopback_ok: false, identity_files: [], suid_dirs: [], ssh_log: "/nonexistent/dropbear.log", secrets: [] }, memo);
    await cycle(ctx);
    const child = Bun.spawn([process.execPath, "-e", "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdout: "pipe", env: { ...process.env, BUN_BE_BUN: "1" } });
    try {
      const reader = child.stdout.getReader();
      const port = Number(new TextDecoder().decode((await reader.read()).value).trim());
      const { decided } = await cycle(ctx);
      const mine = decided.find((d) => d.finding.key === `security.listener.unexpected:tcp:${port}`);
      expect(mine?.finding.facts).toMatchObject({ port, pid: child.pid, addrs: ["127.0.0.1"] });
      expect(mine?.choice).toMatchObject({ action: "stop_process", params: { pid: child.pid, signal: "TERM" } });
      const out = await h.registry.call({ agent: "security", ...mine!.calls[0]!, why: why(mine!) });
      expect(out).toMatchObject({ status: "pending", risk: "high" });
      expect(child.exitCode).toBeNull();
    } finally { child.kill(); await child.exited; }
  });
});

const nft = findNft();
const nsProblem = nft === null ? "nft not found" : canNetns();

describe.skipIf(nsProblem !== null)("ssh brute force and the lock-out guard", () => {
  let h: Harness, ns = "", dir = "", server: Server, port = 0;
  const sessions: Socket[] = [];
  const session = (from: string) => new Promise<void>((ok, fail) => { const s = connect({ host: "127.0.0.1", port, localAddress: from }, () => ok()); s.on("error", fail); sessions.push(s); });
  beforeAll(async () => {
    ns = addNetns("sec");
    nsNft(ns, nft!, ["-f", "-"], "table inet aios {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport 22 accept\n }\n}\n");
    server = createServer((s) => sessions.push(s));
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    port = (server.address() as { port: number }).port;
    // A stand-in for the ssh port: whoever is connected to it counts as an operator.
    h = harness(() => blockTools({ target: { nft: nft!, netns: ns }, watchPorts: [22, 9090] }), { nft: { nft: nft!, netns: ns }, lockout: { ...DEFAULT_LOCKOUT, operatorAddresses: () => establishedPeers([port]) } });
    h.policies.set("security", await securityPolicy());
    h.policies.set("trusted-person", { ...(await securityPolicy()), agent: "trusted-person", mode: "trusted" });
    await session("127.0.0.2");
    dir = mkdtempSync(join(tmpdir(), "aios-sshlog-"));
    const iso = new Date().toISOString();
    const lines = (addr: string) => Array.from({ length: 6 }, (_, i) => `${iso} err [812] Dec  2 03:00:0${i} Bad password attempt for 'root' from ${addr}:4000${i}`);
    writeFileSync(join(dir, "dropbear.log"), [...lines("203.0.113.9"), ...lines("127.0.0.2")].join("\n") + "\n");
  });
  afterAll(() => { for (const s of sessions) s.destroy(); server?.close(); h?.close(); if (ns) delNetns(ns); if (dir) rmSync(dir, { recursive: true, force: true }); });

  it("proposes blocking the attacker, escalates the operator's address, and the guard refuses blocking it", async () => {
    const ctx = context("/", { operator_ports: [port], never_block: [], identity_files: [], suid_dirs: [], secrets: [], ssh_log: join(dir, "dropbear.log") }, mapMemo());
    const { obs, decided } = await cycle(ctx);
    expect(obs.sessions).toContain("127.0.0.2");
    const brute = decided.filter((d) => d.finding.kind === "security.ssh.bruteforce");
    expect(brute.map((d) => [d.finding.facts.addr, d.choice.action])).toEqual([["203.0.113.9", "block_address"], ["127.0.0.2", "escalate"]]);

    const out = await h.registry.call({ agent: "security", ...brute[0]!.calls[0]!, why: why(brute[0]!) });
    expect(out).toMatchObject({ status: "pending", risk: "high" });
    expect(nsNft(ns, nft!, ["list", "ruleset"])).not.toContain("203.0.113.9");
    h.approvals.approve((out as { approvalId: string }).approvalId, "user:root");
    expect(await h.registry.runApproved((out as { approvalId: string }).approvalId)).toMatchObject({ status: "done" });
    expect(nsNft(ns, nft!, ["list", "ruleset"])).toContain("ip saddr 203.0.113.9 drop");

    // Whoever asks, in whatever mode, the connected operator's address is not blocked.
    for (const agent of ["security", "trusted-person"]) {
      const refused = await h.registry.call({ agent, tool: "firewall.block", input: { addr: "127.0.0.0/8" }, why: { reason: "test" } });
      expect(refused).toMatchObject({ status: "refused", blame: "lockout", reason: expect.stringContaining("127.0.0.2") });
    }
  });

  it("refuses at approval time a block of an address an operator connected from since it was proposed", async () => {
    const out = await h.registry.call({ agent: "security", tool: "firewall.block", input: { addr: "127.0.0.3" }, why: { reason: "test" } });
    expect(out.status).toBe("pending");
    await session("127.0.0.3");
    h.approvals.approve((out as { approvalId: string }).approvalId, "user:root");
    expect(await h.registry.runApproved((out as { approvalId: string }).approvalId)).toMatchObject({ status: "refused", blame: "lockout" });
    expect(nsNft(ns, nft!, ["list", "ruleset"])).not.toContain("127.0.0.3");
  });
});
