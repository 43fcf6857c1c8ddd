import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { UserStore } from "./users.ts";

describe("web users", () => {
  const path = `${mkdtempSync(`${tmpdir()}/aios-users-`)}/web/users.json`;

  it("adds a user with a generated password kept only as a salted argon2id hash in a 0600 file", async () => {
    const s = new UserStore(path);
    const pw = await s.add("alice", "operator");
    expect(pw.length).toBeGreaterThanOrEqual(20);
    const file = readFileSync(path, "utf8");
    expect(file).not.toContain(pw);
    expect(file).toContain("$argon2id$");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await s.verify("alice", pw))?.role).toBe("operator");
    expect(await s.verify("alice", "wrong")).toBeUndefined();
    expect(await s.verify("nobody", pw)).toBeUndefined();
  });

  it("refuses bad names, bad roles, a second add and the reserved name", async () => {
    const s = new UserStore(path);
    await expect(s.add("Alice Smith", "viewer")).rejects.toThrow(/not a user name/);
    await expect(s.add("bob", "root")).rejects.toThrow(/not a role/);
    await expect(s.add("alice", "viewer")).rejects.toThrow(/exists/);
    await expect(s.add("token", "viewer")).rejects.toThrow(/reserved/);
  });

  it("changes a password (the old one stops working), lists and removes; another store sees changes", async () => {
    const s = new UserStore(path), other = new UserStore(path);
    await s.add("bob", "viewer");
    const old = other.get("alice")!.hash;
    const pw = await s.passwd("alice");
    expect(other.get("alice")!.hash).not.toBe(old);
    expect(await other.verify("alice", pw)).toBeDefined();
    expect(other.list().map((u) => `${u.name}:${u.role}`)).toEqual(["alice:operator", "bob:viewer"]);
    s.remove("bob");
    expect(other.get("bob")).toBeUndefined();
    expect(() => s.remove("bob")).toThrow(/no web user bob/);
    await expect(s.passwd("bob")).rejects.toThrow(/no web user/);
  });
});
