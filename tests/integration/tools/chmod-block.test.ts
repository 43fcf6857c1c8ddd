// files.chmod and firewall.block on their own: fences, symlinks, a file changed since its preview,
// bad addresses, and an address that is already blocked (nft in a throwaway namespace).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chmodTools } from "../../../tools/files/chmod.ts";
import { blockTools } from "../../../tools/firewall/block.ts";
import { harness, type Harness, policy, why } from "./harness.ts";
import { addNetns, canNetns, delNetns, findNft, nsNft } from "./netns.ts";

const nft = findNft();
const ns = nft !== null && canNetns() === null ? addNetns("blk") : null;
let h: Harness;
let root = "";
beforeAll(() => {
  h = harness((dir) => {
    root = join(dir, "root");
    mkdirSync(join(root, "etc"), { recursive: true });
    return [...chmodTools({ roots: [root], root }), ...blockTools({ target: { nft: nft ?? "nft", netns: ns ?? "aiost-none" }, watchPorts: [22] })];
  }, ns ? { nft: { nft: nft!, netns: ns } } : {});
  h.policies.set("sec", policy("sec", "normal", ["fs.mode:/", "net.firewall.write"]));
  if (ns) nsNft(ns, nft!, ["-f", "-"], "table inet aios {\n chain input {\n  type filter hook input priority 0; policy accept;\n  ip saddr 192.0.2.1 drop\n }\n}\n");
});
afterAll(() => { h?.close(); if (ns) delNetns(ns); });
const call = (tool: string, input: unknown) => h.registry.call({ agent: "sec", tool, input, why });

describe("files.chmod", () => {
  it("refuses symlinks and paths outside its roots", async () => {
    writeFileSync(join(root, "etc/secret"), "s");
    symlinkSync(join(root, "etc/secret"), join(root, "etc/link"));
    expect(await call("files.chmod", { path: "/etc/link", mode: 0o600 })).toMatchObject({ status: "refused", reason: expect.stringContaining("symbolic link") });
    expect(await call("files.chmod", { path: "/../../../etc/passwd", mode: 0o600 })).toMatchObject({ status: "refused", reason: expect.stringContaining("outside the allowed paths") });
  });

  it("does nothing for the same mode, and refuses to act on a file changed since its approval", async () => {
    chmodSync(join(root, "etc/secret"), 0o600);
    expect(await call("files.chmod", { path: "/etc/secret", mode: 0o600 })).toMatchObject({ status: "done", effects: [] });
    const out = await call("files.chmod", { path: "/etc/secret", mode: 0o644 });
    expect(out).toMatchObject({ status: "pending", risk: "high" });
    chmodSync(join(root, "etc/secret"), 0o640);
    h.approvals.approve((out as { approvalId: string }).approvalId, "user:root");
    expect(await h.registry.runApproved((out as { approvalId: string }).approvalId)).toMatchObject({ status: "refused", blame: "approval" });
    expect(statSync(join(root, "etc/secret")).mode & 0o777).toBe(0o640);
  });
});

describe.skipIf(ns === null)("firewall.block", () => {
  it("rejects what is not an address, and has no effects for one already blocked", async () => {
    expect(await call("firewall.block", { addr: "1.2.3.4; flush ruleset" })).toMatchObject({ status: "refused", blame: "input" });
    expect(await call("firewall.block", { addr: "10.0.0.0/4" })).toMatchObject({ status: "refused", reason: expect.stringContaining("not an address or prefix") });
    expect(await call("firewall.block", { addr: "192.0.2.1" })).toMatchObject({ status: "done", effects: [] });
    expect(await call("firewall.block", { addr: "2001:db8::9", chain: "nope" })).toMatchObject({ status: "refused", reason: expect.stringContaining("no chain nope") });
  });

  it("previews the block and the rule it adds, without port effects", async () => {
    const out = await call("firewall.block", { addr: "2001:db8::/48" });
    expect(out).toMatchObject({ status: "pending", effects: [
      { kind: "firewall.block", addr: "2001:db8::/48", table: "inet aios", chain: "input" },
      { kind: "firewall.rule", change: "add", rule: "ip6 saddr 2001:db8::/48 drop" },
    ] });
  });
});
