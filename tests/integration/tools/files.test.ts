// File tools through the registry: previews match what execute does, capabilities and modes hold,
// approvals flow, and a failed health check rolls files back exactly.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { restoreSnapshot, snapshotSystem } from "../../../runtime/snapshots/index.ts";
import { decideApproval } from "../../../tools/index.ts";
import { join } from "node:path";
import { filesTools } from "../../../tools/files/index.ts";
import { type Harness, harness, policy, why } from "./harness.ts";

let h: Harness;
let root: string;
let healthy = true;
beforeEach(() => {
  healthy = true;
  h = harness((dir) => { root = join(dir, "etc"); mkdirSync(root); return filesTools({ readRoots: [dir], writeRoots: [root] }); },
    { healthChecks: [{ name: "app", check: async () => (healthy ? true : "app answers 500") }] });
  writeFileSync(join(root, "a.conf"), "old\n");
  chmodSync(join(root, "a.conf"), 0o640);
});
afterEach(() => h.close());

/** Every regular file under root with its bytes and mode: what "exactly" means for a rollback. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, n);
    if (statSync(p).isFile()) out[n] = `${(statSync(p).mode & 0o7777).toString(8)}:${readFileSync(p, "utf8")}`;
  }
  return out;
}

describe("files tools", () => {
  it("previews exactly the files execute then changes", async () => {
    h.policies.set("ag", policy("ag", "trusted", [`fs.write:${root}`, `fs.read:${h.dir}`]));
    for (const [tool, input] of [["files.write", { path: join(root, "a.conf"), content: "new\n" }], ["files.write", { path: join(root, "sub/b.conf"), content: "b" }], ["files.delete", { path: join(root, "a.conf") }]] as const) {
      const before = tree(root);
      const preview = await h.registry.preview({ agent: "ag", tool, input, why });
      expect(tree(root)).toEqual(before); // previewing changed nothing
      const out = await h.registry.call({ agent: "ag", tool, input, why });
      expect(out.status).toBe("done");
      const after = tree(root);
      const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]).map((k) => join(root, k)).sort();
      expect(preview.status === "preview" && preview.plan.effects.map((e) => ("path" in e ? e.path : "")).sort()).toEqual(changed);
    }
  });

  it("reads and lists without effects; reads outside the roots are refused", async () => {
    h.policies.set("ag", policy("ag", "safe", ["fs.read:/"]));
    expect(await h.registry.call({ agent: "ag", tool: "files.read", input: { path: join(root, "a.conf") }, why })).toMatchObject({ status: "done", result: { content: "old\n" } });
    expect(await h.registry.call({ agent: "ag", tool: "files.list", input: { path: root }, why })).toMatchObject({ status: "done", result: [{ name: "a.conf", type: "file", size: 4 }] });
    expect(await h.registry.call({ agent: "ag", tool: "files.read", input: { path: "/etc/shadow" }, why })).toMatchObject({ status: "failed", error: expect.stringContaining("outside the allowed paths") });
  });

  it("refuses a tool without its capability and audits the refusal", async () => {
    h.policies.set("ag", policy("ag", "trusted", [`fs.read:${root}`]));
    const out = await h.registry.call({ agent: "ag", tool: "files.write", input: { path: join(root, "a.conf"), content: "x" }, why });
    expect(out).toMatchObject({ status: "refused", blame: "capability", reason: expect.stringContaining(`fs.write:${root}/a.conf`) });
    expect(readFileSync(join(root, "a.conf"), "utf8")).toBe("old\n");
    expect(h.audit.tail(1)[0]).toMatchObject({ kind: "tool.refused", actor: "ag", subject: "files.write", data: { blame: "capability" } });
  });

  it("checks capabilities on the real path: a symlink cannot lead out of a grant", async () => {
    mkdirSync(join(root, "granted"));
    symlinkSync(root, join(root, "granted", "up"));
    h.policies.set("ag", policy("ag", "trusted", [`fs.write:${root}/granted`]));
    const out = await h.registry.call({ agent: "ag", tool: "files.write", input: { path: join(root, "granted/up/a.conf"), content: "x" }, why });
    expect(out).toMatchObject({ status: "refused", blame: "capability" });
  });

  it("rejects invalid input before anything else", async () => {
    h.policies.set("ag", policy("ag", "trusted", ["*"]));
    expect(await h.registry.call({ agent: "ag", tool: "files.write", input: { path: "relative", content: 3 }, why })).toMatchObject({ status: "refused", blame: "input" });
    expect(await h.registry.call({ agent: "ag", tool: "files.nuke", input: {}, why })).toMatchObject({ status: "refused", blame: "input" });
  });

  it("queues a change in safe mode and runs it once approved, re-checking the effects", async () => {
    h.policies.set("ag", policy("ag", "safe", [`fs.write:${root}`]));
    const input = { path: join(root, "a.conf"), content: "approved\n" };
    const out = await h.registry.call({ agent: "ag", tool: "files.write", input, why: { reason: "rotate config" } });
    expect(out).toMatchObject({ status: "pending" });
    if (out.status !== "pending") return;
    const [queued] = h.approvals.list();
    expect(queued).toMatchObject({ id: out.approvalId, agent: "ag", tool: "files.write", why: { reason: "rotate config" }, effects: [{ kind: "file.write", path: join(root, "a.conf") }] });
    expect(await h.registry.runApproved(out.approvalId)).toMatchObject({ status: "refused", blame: "approval" }); // not yet approved
    h.approvals.approve(out.approvalId, "user:root", "ok");
    // Two consoles racing to run it: exactly one runs.
    const both = await Promise.all([h.registry.runApproved(out.approvalId), h.registry.runApproved(out.approvalId)]);
    expect(both.map((o) => o.status).sort()).toEqual(["done", "refused"]);
    expect(readFileSync(join(root, "a.conf"), "utf8")).toBe("approved\n");
    expect(h.approvals.get(out.approvalId).status).toBe("executed");
    expect(h.audit.tail(20).map((e) => e.kind)).toEqual(expect.arrayContaining(["approval.requested", "approval.approved", "snapshot", "tool.call", "approval.executed"]));
    expect(h.audit.verify().ok).toBe(true);
  });

  it("refuses an approved call whose effects changed since approval", async () => {
    h.policies.set("ag", policy("ag", "safe", [`fs.write:${root}`]));
    const out = await h.registry.call({ agent: "ag", tool: "files.write", input: { path: join(root, "a.conf"), content: "x" }, why });
    if (out.status !== "pending") throw new Error("expected pending");
    h.approvals.approve(out.approvalId, "user:root");
    writeFileSync(join(root, "a.conf"), "changed meanwhile");
    expect(await h.registry.runApproved(out.approvalId)).toMatchObject({ status: "refused", reason: expect.stringContaining("effects changed") });
    expect(readFileSync(join(root, "a.conf"), "utf8")).toBe("changed meanwhile");
  });

  it("rejects and expires approvals", async () => {
    h.policies.set("ag", policy("ag", "safe", [`fs.write:${root}`]));
    const a = await h.registry.call({ agent: "ag", tool: "files.delete", input: { path: join(root, "a.conf") }, why });
    if (a.status !== "pending") throw new Error("expected pending");
    h.approvals.reject(a.approvalId, "user:root", "no");
    expect(() => h.approvals.approve(a.approvalId, "user:root")).toThrow(/rejected, not pending/);
    expect(await h.registry.runApproved(a.approvalId)).toMatchObject({ status: "refused" });
    expect(existsSync(join(root, "a.conf"))).toBe(true);
  });

  it("rolls files back exactly when a health check fails after the change", async () => {
    h.policies.set("ag", policy("ag", "trusted", [`fs.write:${root}`]));
    const before = tree(root);
    healthy = false;
    const out = await h.registry.call({ agent: "ag", tool: "files.write", input: { path: join(root, "a.conf"), content: "broken\n", mode: 0o600 }, why });
    expect(out).toMatchObject({ status: "rolled_back", reason: "health check app failed: app answers 500" });
    expect(tree(root)).toEqual(before);
    const out2 = await h.registry.call({ agent: "ag", tool: "files.write", input: { path: join(root, "new.conf"), content: "n" }, why });
    expect(out2.status).toBe("rolled_back");
    expect(existsSync(join(root, "new.conf"))).toBe(false);
    expect(h.audit.tail(10).filter((e) => e.kind === "rollback")).toHaveLength(2);
  });

  it("approves and runs, or rejects, through decideApproval", async () => {
    h.policies.set("ag", policy("ag", "safe", [`fs.write:${root}`]));
    const a = await h.registry.call({ agent: "ag", tool: "files.write", input: { path: join(root, "a.conf"), content: "via console\n" }, why });
    const b = await h.registry.call({ agent: "ag", tool: "files.delete", input: { path: join(root, "a.conf") }, why });
    if (a.status !== "pending" || b.status !== "pending") throw new Error("expected pending");
    expect(h.approvals.list().map((x) => x.id)).toEqual([a.approvalId, b.approvalId]);
    expect(await decideApproval(h, b.approvalId, "user:serial", "reject", "no")).toMatchObject({ approval: { status: "rejected", decidedBy: "user:serial" }, outcome: null });
    expect(await decideApproval(h, a.approvalId, "user:web", "approve")).toMatchObject({ outcome: { status: "done" } });
    expect(readFileSync(join(root, "a.conf"), "utf8")).toBe("via console\n");
    expect(h.approvals.list()).toEqual([]);
  });

  it("takes and restores a manual snapshot of a config tree, audited", async () => {
    writeFileSync(join(root, "b.conf"), "b");
    const before = tree(root);
    const m = await snapshotSystem(h.snapshots, h.audit, "user:root", "before upgrade", { configDirs: [root], nft: false, dpkg: false });
    expect(m).toMatchObject({ auto: false, desc: "before upgrade", files: [{ existed: true }, { existed: true }] });
    writeFileSync(join(root, "a.conf"), "changed");
    rmSync(join(root, "b.conf"));
    await restoreSnapshot(h.snapshots, h.audit, "user:root", m.id);
    expect(tree(root)).toEqual(before);
    expect(h.audit.tail(2).map((e) => e.kind)).toEqual(["snapshot", "snapshot.restore"]);
  });

  it("keeps the newest automatic snapshots and every manual one", async () => {
    h.policies.set("ag", policy("ag", "trusted", [`fs.write:${root}`]));
    const manual = await h.snapshots.create("by hand", { files: [join(root, "a.conf")], nft: false, dpkg: false });
    for (let i = 0; i < 5; i++) await h.registry.call({ agent: "ag", tool: "files.write", input: { path: join(root, "a.conf"), content: `v${i}` }, why });
    const list = h.snapshots.list();
    expect(list.filter((m) => m.auto)).toHaveLength(3);
    expect(list.find((m) => m.id === manual.id)).toBeDefined();
    await h.snapshots.restore(manual.id);
    expect(readFileSync(join(root, "a.conf"), "utf8")).toBe("old\n");
  });

  it("keeps its copies root-only, even of a file that was readable by all, and restores the original mode", async () => {
    const loose = join(root, "secrets.toml");
    writeFileSync(loose, 'api_key = "sk-x"\n');
    chmodSync(loose, 0o644); // what the security agent finds and tightens, snapshotting first
    const m = await h.snapshots.create("before chmod", { files: [loose], nft: false, dpkg: false });
    expect(statSync(join(h.snapshots.dir, m.id, m.files[0]!.blob!)).mode & 0o777).toBe(0o600);
    chmodSync(loose, 0o600);
    await h.snapshots.restore(m.id);
    expect(statSync(loose).mode & 0o777).toBe(0o644);
  });
});
