// User, ssh key, disk, log and hardware tools on a temp root tree (useradd/userdel --prefix) and a
// temp log directory: previews match execution; the last root key cannot be removed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diskTools } from "../../../tools/disks/index.ts";
import { hardwareTools } from "../../../tools/hardware/index.ts";
import { parseKey } from "../../../tools/users/passwd.ts";
import { userTools } from "../../../tools/users/index.ts";
import { type Harness, harness, policy, why } from "./harness.ts";

// Well-formed ed25519 public key lines (arbitrary key bytes); KEY_A's fingerprint is as `ssh-keygen -lf` prints it.
const KEY_A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHY8PlvhxrkLNC5bZ2m4JNmkf0sy0KwdwLiGXjyhvdx4 alice@laptop";
const KEY_B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPZ8p0l2cO1n0kq3Jd7Tq0v7vYpWbHk3p9o8c0G1m2QJ ops@bastion";

let h: Harness;
let root = "";
let logs = "";
beforeAll(() => {
  h = harness((dir) => {
    root = join(dir, "root");
    logs = join(dir, "log");
    for (const d of ["etc", "home", "root/.ssh", "log/app"].map((x) => (x.startsWith("log") ? join(dir, x) : join(root, x)))) mkdirSync(d, { recursive: true });
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    writeFileSync(join(root, "etc/group"), "root:x:0:\nusers:x:100:\n");
    writeFileSync(join(root, "etc/shadow"), "root:*:19000:0:99999:7:::\n");
    writeFileSync(join(root, "etc/gshadow"), "root:*::\n");
    writeFileSync(join(root, "root/.ssh/authorized_keys"), `${KEY_B}\n`);
    return [...userTools({ root }), ...diskTools({ logDir: logs }), ...hardwareTools()];
  });
  h.policies.set("admin", policy("admin", "trusted", ["users.*", "ssh.*", "disk.read", "logs.*", "hw.read"]));
});
afterAll(() => h.close());

describe("users and ssh keys", () => {
  it("fingerprints keys like ssh-keygen and rejects malformed ones", () => {
    expect(parseKey(KEY_A).fingerprint).toBe("SHA256:itFbrP55Mf/FxlSrpOiM8ze8VKzQuRp6oZ+iQrrkF24");
    expect(() => parseKey("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x")).toThrow(/malformed/);
    expect(() => parseKey("rm -rf /")).toThrow(/not an OpenSSH public key/);
  });

  it("adds a user, then authorizes a key with the preview naming it by fingerprint", async () => {
    expect(await h.registry.call({ agent: "admin", tool: "users.add", input: { name: "alice" }, why })).toMatchObject({ status: "done", effects: [{ kind: "user.add", user: "alice" }] });
    expect(readFileSync(join(root, "etc/passwd"), "utf8")).toContain("alice:x:");
    const p = await h.registry.preview({ agent: "admin", tool: "ssh.key_add", input: { user: "alice", key: KEY_A }, why });
    const file = join(root, "home/alice/.ssh/authorized_keys");
    expect(p).toMatchObject({ risk: "high", plan: { effects: [{ kind: "ssh.key.add", user: "alice", fingerprint: parseKey(KEY_A).fingerprint, file }, { kind: "file.write", path: file, existed: false }] } });
    expect(await h.registry.call({ agent: "admin", tool: "ssh.key_add", input: { user: "alice", key: KEY_A }, why })).toMatchObject({ status: "done" });
    const written = readFileSync(file);
    expect(p.status === "preview" && p.plan.effects[1]!.kind === "file.write" && p.plan.effects[1]!.sha256).toBe(new Bun.CryptoHasher("sha256").update(written).digest("hex"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await h.registry.call({ agent: "admin", tool: "ssh.keys", input: { user: "alice" }, why })).toMatchObject({ result: [{ type: "ssh-ed25519", comment: "alice@laptop" }] });
  });

  it("refuses removing root's last key, whatever the mode", async () => {
    const out = await h.registry.call({ agent: "admin", tool: "ssh.key_remove", input: { user: "root", fingerprint: parseKey(KEY_B).fingerprint }, why });
    expect(out).toMatchObject({ status: "refused", blame: "lockout" });
    expect(readFileSync(join(root, "root/.ssh/authorized_keys"), "utf8")).toContain("ops@bastion");
  });

  it("removes a user", async () => {
    expect(await h.registry.call({ agent: "admin", tool: "users.remove", input: { name: "alice" }, why })).toMatchObject({ status: "done" });
    expect(readFileSync(join(root, "etc/passwd"), "utf8")).not.toContain("alice");
    expect(await h.registry.call({ agent: "admin", tool: "users.remove", input: { name: "root" }, why })).toMatchObject({ status: "refused" });
  });
});

describe("disks, logs and hardware", () => {
  it("reports filesystem usage and hardware", async () => {
    const d = await h.registry.call({ agent: "admin", tool: "disks.usage", input: {}, why });
    expect(d.status === "done" && (d.result as { mount: string }[]).some((m) => m.mount === "/")).toBe(true);
    expect(await h.registry.call({ agent: "admin", tool: "hardware.info", input: {}, why })).toMatchObject({ status: "done", result: { cpu: { cores: expect.any(Number) } } });
  });

  it("rotates a log as previewed and cleans only old rotated files", async () => {
    const log = join(logs, "app/app.log");
    writeFileSync(log, "line 1\nline 2\n");
    const p = await h.registry.preview({ agent: "admin", tool: "logs.rotate", input: { path: log }, why });
    expect(await h.registry.call({ agent: "admin", tool: "logs.rotate", input: { path: log }, why })).toMatchObject({ status: "done" });
    expect(readFileSync(`${log}.1`, "utf8")).toBe("line 1\nline 2\n");
    expect(readFileSync(log, "utf8")).toBe("");
    expect(p).toMatchObject({ plan: { effects: [{ kind: "file.write", path: `${log}.1`, bytes: 14 }, { kind: "file.write", path: log, bytes: 0 }] } });

    writeFileSync(join(logs, "app/old.log.2.gz"), "x");
    utimesSync(join(logs, "app/old.log.2.gz"), new Date(Date.now() - 40 * 86_400_000), new Date(Date.now() - 40 * 86_400_000));
    const c = await h.registry.call({ agent: "admin", tool: "logs.clean", input: { olderThanDays: 30 }, why });
    expect(c).toMatchObject({ status: "done", effects: [{ kind: "file.delete", path: join(logs, "app/old.log.2.gz") }] });
    expect(existsSync(join(logs, "app/old.log.2.gz"))).toBe(false);
    expect(existsSync(`${log}.1`)).toBe(true);
    expect(await h.registry.call({ agent: "admin", tool: "logs.rotate", input: { path: "/etc/passwd" }, why })).toMatchObject({ status: "refused", reason: expect.stringContaining("outside the allowed paths") });
  });
});
