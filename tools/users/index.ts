// User and ssh key tools: list users, add and remove users (useradd/userdel), list, add and remove
// authorized ssh keys. Keys are shown and approved by fingerprint.
import { chownSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { NotFoundError, UserError } from "../../runtime/errors.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { sha256, writeAtomic } from "../files/paths.ts";
import { s } from "../schema.ts";
import { parseKey, readKeys, readPasswd } from "./passwd.ts";

export interface UsersConfig {
  /** Root of the tree holding etc/passwd and the homes: "/" on the appliance, a temp dir in tests. */
  root: string;
}

const userName = s.string("user name", { pattern: "^[a-z_][a-z0-9_-]{0,31}$" });

export function userTools(cfg: UsersConfig): ToolDeclaration[] {
  const at = (p: string) => join(cfg.root, p);
  const user = (name: string) => {
    const u = readPasswd(at("etc/passwd")).find((x) => x.name === name);
    if (!u) throw new NotFoundError(`no user ${name}`);
    return u;
  };
  const keyFile = (name: string) => at(join(user(name).home, ".ssh/authorized_keys"));
  const prefix = cfg.root === "/" ? [] : ["--prefix", cfg.root];

  const keyWrite = (file: string, lines: string[]) => {
    const content = lines.length ? `${lines.join("\n")}\n` : "";
    const existed = existsSync(file);
    return { kind: "file.write" as const, path: file, existed, bytes: Buffer.byteLength(content), sha256: sha256(content), ...(existed ? { previousSha256: sha256(readFileSync(file)) } : {}) };
  };

  return [
    tool<Record<string, never>>({
      name: "users.list",
      description: "List user accounts with uid, home and shell.",
      input: s.object({}),
      capabilities: ["users.read"],
      destructive: false,
      timeoutMs: 5000,
      plan: async () => ({ effects: [] }),
      execute: async () => readPasswd(at("etc/passwd")),
    }),
    tool<{ name: string; shell?: string }>({
      name: "users.add",
      description: "Create a user with a home directory.",
      input: s.object({ name: userName, shell: s.enum(["/bin/sh", "/bin/bash", "/usr/sbin/nologin"]) }, ["name"]),
      capabilities: ["users.write"],
      destructive: false,
      timeoutMs: 30_000,
      async plan({ name }) {
        if (readPasswd(at("etc/passwd")).some((u) => u.name === name)) return { effects: [], notes: [`${name} exists`] };
        return { effects: [{ kind: "user.add", user: name }] };
      },
      async execute({ name, shell }, ctx) {
        await ctx.runner.run(["useradd", ...prefix, "-m", "-s", shell ?? "/bin/sh", name]);
        return user(name);
      },
    }),
    tool<{ name: string }>({
      name: "users.remove",
      description: "Remove a user (the home directory is kept).",
      input: s.object({ name: userName }),
      capabilities: ["users.write"],
      destructive: true,
      timeoutMs: 30_000,
      async plan({ name }) {
        if (user(name).uid === 0) throw new UserError("refusing to remove a uid-0 account");
        return { effects: [{ kind: "user.remove", user: name }] };
      },
      async execute({ name }, ctx) {
        await ctx.runner.run(["userdel", ...prefix, name]);
        return { removed: name };
      },
    }),
    tool<{ user: string }>({
      name: "ssh.keys",
      description: "List a user's authorized ssh keys with fingerprints.",
      input: s.object({ user: userName }),
      capabilities: ["ssh.read"],
      destructive: false,
      timeoutMs: 5000,
      plan: async () => ({ effects: [] }),
      execute: async ({ user: u }) => readKeys(keyFile(u)).map(({ type, fingerprint, comment }) => ({ type, fingerprint, comment })),
    }),
    tool<{ user: string; key: string }>({
      name: "ssh.key_add",
      description: "Authorize an ssh public key for a user.",
      input: s.object({ user: userName, key: s.string("one OpenSSH public key line", { maxLength: 16384, pattern: "^[^\\n]+$" }) }),
      capabilities: ["ssh.keys.write"],
      destructive: false,
      timeoutMs: 5000,
      async plan({ user: u, key }) {
        const k = parseKey(key);
        const file = keyFile(u);
        const lines = readKeys(file).map((x) => x.line);
        if (readKeys(file).some((x) => x.fingerprint === k.fingerprint)) return { effects: [], notes: ["key already authorized"] };
        return { effects: [{ kind: "ssh.key.add", user: u, fingerprint: k.fingerprint, file }, keyWrite(file, [...lines, k.line])] };
      },
      async execute({ user: u, key }) {
        const k = parseKey(key);
        const pw = user(u);
        const file = keyFile(u);
        const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        chownSync(dirname(file), pw.uid, pw.gid);
        writeAtomic(file, `${[...lines, k.line].join("\n")}\n`, 0o600);
        chownSync(file, pw.uid, pw.gid);
        return { user: u, fingerprint: k.fingerprint };
      },
    }),
    tool<{ user: string; fingerprint: string }>({
      name: "ssh.key_remove",
      description: "Remove an authorized ssh key by fingerprint.",
      input: s.object({ user: userName, fingerprint: s.string("SHA256:…", { pattern: "^SHA256:[A-Za-z0-9+/]{43}$" }) }),
      capabilities: ["ssh.keys.write"],
      destructive: true,
      timeoutMs: 5000,
      async plan({ user: u, fingerprint }) {
        const file = keyFile(u);
        const keys = readKeys(file);
        if (!keys.some((k) => k.fingerprint === fingerprint)) return { effects: [], notes: ["no such key"] };
        const rest = keys.filter((k) => k.fingerprint !== fingerprint).map((k) => k.line);
        return { effects: [{ kind: "ssh.key.remove", user: u, fingerprint, file, remaining: rest.length }, keyWrite(file, rest)] };
      },
      async execute({ user: u, fingerprint }) {
        const file = keyFile(u);
        const keep = readFileSync(file, "utf8").split("\n").filter((l) => { if (!l.trim()) return false; try { return parseKey(l).fingerprint !== fingerprint; } catch { return true; } });
        writeAtomic(file, keep.length ? `${keep.join("\n")}\n` : "", statSync(file).mode & 0o7777);
        return { user: u, removed: fingerprint };
      },
    }),
  ];
}
