// aiosctl verbs for the web console; registered in ../tree.ts: `web-token [--rotate]`, `web-cert`,
// `web-user add|list|remove|passwd`. They work on the state disk's files directly (root over ssh or
// the serial console); the running console notices the changes on its next request.
import { defineCommand } from "citty";
import { currentCert, operatorCertDir } from "../../web/tls/cert.ts";
import { rotateToken, webToken } from "../../web/token.ts";
import { UserStore } from "../../web/auth/users.ts";
import { ROLES } from "../../web/auth/roles.ts";
import { act } from "../fail.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const print = (v: unknown, asJson: boolean | undefined, human: () => string) => console.log(asJson ? JSON.stringify(v, null, 2) : human());
const name = { type: "positional", required: true, description: "user name" } as const;
const NO_CERT = "not made yet: the web console makes it when it starts";

const token = defineCommand({
  meta: { name: "web-token", description: "the web console's token (the admin's break-glass login and the API's Bearer token); --rotate replaces it and ends every web session" },
  args: { rotate: { type: "boolean", description: "make a new token; the old one and every web session stop working" }, json },
  run: act(async (a: { rotate?: boolean; json?: boolean }) => {
    const t = a.rotate ? rotateToken() : webToken();
    const fingerprint = currentCert()?.fingerprint ?? null;
    // stdout is the token alone, for scripts; the certificate goes beside it on stderr.
    if (!a.json) process.stderr.write(`certificate SHA-256: ${fingerprint ?? NO_CERT}\n${a.rotate ? "every web session has ended\n" : ""}`);
    print({ token: t, fingerprint }, a.json, () => t);
  }),
});

const cert = defineCommand({
  meta: { name: "web-cert", description: "the web console's TLS certificate: where it is, its SHA-256 fingerprint and expiry" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const c = currentCert();
    const info = c && { source: c.source, path: c.path, fingerprint: c.fingerprint, not_after: c.notAfter };
    print(info ?? null, a.json, () => c
      ? `SHA-256 ${c.fingerprint}\n${c.source} certificate ${c.path}, valid until ${c.notAfter}\nyour own: put cert.pem and key.pem in ${operatorCertDir()}/ and restart web`
      : `${NO_CERT}\nyour own: put cert.pem and key.pem in ${operatorCertDir()}/ and restart web`);
  }),
});

const role = { type: "string", description: `${ROLES.join(", ")}`, default: "viewer" } as const;

const user = defineCommand({
  meta: { name: "web-user", description: "named web console logins with a role: add, list, remove, passwd" },
  subCommands: {
    add: defineCommand({
      meta: { name: "add", description: "add a user; prints a generated password once (only its hash is kept)" },
      args: { name, role, json },
      run: act(async (a: { name: string; role: string; json?: boolean }) => {
        const password = await new UserStore().add(a.name, a.role);
        print({ name: a.name, role: a.role, password }, a.json, () => `${a.name} (${a.role}), password: ${password}\nshown once; aiosctl web-user passwd ${a.name} makes a new one`);
      }),
    }),
    list: defineCommand({
      meta: { name: "list", description: "users and their roles" },
      args: { json },
      run: act(async (a: { json?: boolean }) => {
        const users = new UserStore().list().map(({ name, role, created }) => ({ name, role, created }));
        print({ users }, a.json, () => users.map((u) => `${u.name}\t${u.role}\t${u.created}`).join("\n") || "no web users (the token logs in as the admin)");
      }),
    }),
    remove: defineCommand({
      meta: { name: "remove", description: "remove a user; their sessions end" },
      args: { name, json },
      run: act(async (a: { name: string; json?: boolean }) => { new UserStore().remove(a.name); print({ removed: a.name }, a.json, () => `removed ${a.name}`); }),
    }),
    passwd: defineCommand({
      meta: { name: "passwd", description: "a new generated password (printed once); the user's sessions end" },
      args: { name, json },
      run: act(async (a: { name: string; json?: boolean }) => {
        const password = await new UserStore().passwd(a.name);
        print({ name: a.name, password }, a.json, () => `${a.name}, new password: ${password}\nshown once`);
      }),
    }),
  },
});

export const webCommands = { "web-token": token, "web-cert": cert, "web-user": user };
