// The web console's logins over real HTTPS (the self-signed certificate, trusted explicitly): the login
// form → session cookie → API calls, CSRF, roles, logout, expiry, `aiosctl web-token --rotate` and
// `web-user passwd` ending sessions, rate-limited logins, the plain-HTTP redirect, and that the token
// never shows up in a response or a log line.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { webApp } from "../../../consoles/web/app.ts";
import { createAuth } from "../../../consoles/web/auth/guard.ts";
import { SessionStore } from "../../../consoles/web/auth/sessions.ts";
import { LoginLimiter } from "../../../consoles/web/auth/rate-limit.ts";
import { UserStore } from "../../../consoles/web/auth/users.ts";
import { tokenReader, webToken } from "../../../consoles/web/token.ts";
import { redirectTo } from "../../../consoles/web/tls/redirect.ts";
import { webActor } from "../../../consoles/web/session.ts";
import { EventHub } from "../../../consoles/web/events/hub.ts";
import type { StatusReply } from "../../../runtime/control/client.ts";
import { bun, repo } from "../init/fixture.ts";
import { serveConsole, type ConsoleUnderTest } from "./https.ts";

const state = mkdtempSync(`${tmpdir()}/aios-webauth-`);
const tokenFile = `${state}/web/token`;
let clock = Date.now();
const users = new UserStore(`${state}/web/users.json`);
const auth = createAuth({ token: tokenReader(tokenFile), users, sessions: new SessionStore({ idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 }, () => clock), limiter: new LoginLimiter(undefined, () => clock) });
const status = async () => ({ boot: { uptime_s: 5, state_device: "vdb" }, services: [{ name: "alpha", state: "ready", pid: 7, uptime_s: 5, restarts: 0 }] }) as unknown as StatusReply;
const app = webApp({ token: auth.token, status, sample: () => undefined, events: new EventHub([]), auth });
app.get("/api/who", (c) => c.json({ actor: webActor(c) }));

let web: ConsoleUnderTest;
let redirect: ReturnType<typeof Bun.serve>;
const seen: string[] = []; // every response and log line, searched for the token at the end
const logged = (...a: unknown[]) => { seen.push(a.map(String).join(" ")); };
const tokens = new Set<string>();

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const r = await web.fetch(`${web.base}${path}`, { redirect: "manual", ...init });
  seen.push(`${r.status} ${JSON.stringify([...r.headers])} ${await r.clone().text()}`);
  return r;
}
const form = (fields: Record<string, string>) => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
async function login(name: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const r = await call("/login", form({ name, password }));
  expect(r.status).toBe(303);
  const cookie = r.headers.get("set-cookie")!.split(";")[0]!;
  const s = (await (await call("/api/session", { headers: { cookie } })).json()) as { csrf: string };
  return { cookie, csrf: s.csrf };
}
async function ctl(...args: string[]) {
  const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", ...args], { env: { ...process.env, AIOS_STATE_DIR: state, AIOS_CONFIG_DIR: `${state}/etc` }, stdio: ["ignore", "pipe", "pipe"] });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  seen.push(stderr);
  return { stdout, stderr, code };
}
const bearer = () => ({ authorization: `Bearer ${webToken(tokenFile)}` });

beforeAll(async () => {
  tokens.add(webToken(tokenFile));
  for (const m of ["log", "error", "warn", "info"] as const) vi.spyOn(console, m).mockImplementation(logged);
  web = await serveConsole(app);
  redirect = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: redirectTo(web.server.port!) });
});
afterAll(() => { web.server.stop(true); redirect.stop(true); vi.restoreAllMocks(); });

describe("web console logins over HTTPS", () => {
  it("asks for the token in a posted form, never in a URL, and gives a Secure, HttpOnly, SameSite=Strict cookie", async () => {
    const page = await call("/login");
    expect(await page.text()).toContain('<form method="post" action="/login">');
    const old = await call(`/login?token=${webToken(tokenFile)}`);
    expect(old.headers.get("set-cookie")).toBeNull(); // the old GET login is gone
    expect((await call("/", { headers: { accept: "text/html" } })).headers.get("location")).toBe("/login");
    expect((await call("/login", form({ name: "", password: "wrong" }))).status).toBe(401);
    const r = await call("/login", form({ name: "", password: webToken(tokenFile) }));
    expect(r.status).toBe(303);
    expect(r.headers.get("set-cookie")).toMatch(/^__Host-aios_session=[\w-]{43}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const cookie = r.headers.get("set-cookie")!.split(";")[0]!;
    const home = await call("/", { headers: { cookie } });
    expect(await home.text()).toContain("<td>alpha</td><td>ready</td>");
    expect(await (await call("/api/session", { headers: { cookie } })).json()).toMatchObject({ user: null, role: "admin", via: "session" });
    expect(((await (await call("/api/who", { headers: { cookie } })).json()) as { actor: string }).actor).toMatch(/^user:web\/token:[0-9a-f]{8}@127\.0\.0\.1$/);
    expect(await (await call("/api/who", { headers: bearer() })).json()).toEqual({ actor: "user:web/token@127.0.0.1" });
    expect((await call("/login", form({ name: "", password: webToken(tokenFile) }), )).headers.get("set-cookie")).not.toContain(cookie); // each login its own session
  });

  it("names users with roles: aiosctl web-user add prints a password once; the audit actor is user:web/<name>", async () => {
    const add = await ctl("web-user", "add", "alice", "--role", "operator", "--json");
    expect(add.code).toBe(0);
    const { password } = JSON.parse(add.stdout) as { password: string };
    tokens.add(password);
    const alice = await login("alice", password);
    expect(await (await call("/api/session", { headers: { cookie: alice.cookie } })).json()).toMatchObject({ user: "alice", role: "operator" });
    expect(await (await call("/api/who", { headers: { cookie: alice.cookie } })).json()).toEqual({ actor: "user:web/alice@127.0.0.1" });
    expect((await ctl("web-user", "list")).stdout).toMatch(/^alice\toperator\t/);
  });

  it("refuses cookie state changes without the session's CSRF token; Bearer calls are exempt", async () => {
    const pw = await users.add("olga", "operator");
    const olga = await login("olga", pw);
    const chat = (headers: Record<string, string>) => call("/api/chat", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" });
    const refused = await chat({ cookie: olga.cookie });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toContain("CSRF");
    expect((await chat({ cookie: olga.cookie, "x-csrf-token": "forged" })).status).toBe(403);
    expect((await chat({ cookie: olga.cookie, "x-csrf-token": olga.csrf })).status).toBe(400); // past the guard: the route wants a text
    expect((await chat(bearer())).status).toBe(400);
  });

  it("lets viewers read but not approve; users and settings are for admins; /v1 takes only the Bearer token", async () => {
    const vera = await login("vera", await users.add("vera", "viewer").then((pw) => pw));
    expect((await call("/api/status", { headers: { cookie: vera.cookie } })).status).toBe(200);
    const approve = await call("/api/approvals/apr-1a2b3c4d/approve", { method: "POST", headers: { cookie: vera.cookie, "x-csrf-token": vera.csrf } });
    expect(approve.status).toBe(403);
    expect(((await approve.json()) as { error: string }).error).toContain("vera is a viewer");
    const form403 = await call("/approvals/apr-1a2b3c4d/approve", { ...form({ _csrf: vera.csrf }), headers: { ...form({}).headers, cookie: vera.cookie } });
    expect(form403.status).toBe(403);
    const pw = await users.passwd("olga");
    const olga = await login("olga", pw);
    expect((await call("/api/users", { headers: { cookie: olga.cookie } })).status).toBe(403);
    expect((await call("/api/users", { headers: bearer() })).status).toBe(404); // admin: past the guard, no such route yet
    expect((await call("/v1/models", { headers: { cookie: olga.cookie } })).status).toBe(401);
  });

  it("logs out, and ends sessions after 30 idle minutes or 12 hours", async () => {
    const a = await login("", webToken(tokenFile));
    expect((await call("/logout", { method: "POST", headers: { cookie: a.cookie } })).status).toBe(403); // logout needs the CSRF token too
    const out = await call("/logout", { method: "POST", headers: { cookie: a.cookie, "x-csrf-token": a.csrf } });
    expect(out.headers.get("location")).toBe("/login");
    expect(out.headers.get("set-cookie")).toMatch(/^__Host-aios_session=; Max-Age=0/);
    expect((await call("/api/status", { headers: { cookie: a.cookie } })).status).toBe(401);

    const b = await login("", webToken(tokenFile));
    clock += 29 * 60_000;
    expect((await call("/api/status", { headers: { cookie: b.cookie } })).status).toBe(200);
    clock += 31 * 60_000;
    expect((await call("/api/status", { headers: { cookie: b.cookie } })).status).toBe(401);
    const c = await login("", webToken(tokenFile));
    for (let i = 0; i < 25; i++) { clock += 29 * 60_000; await call("/api/status", { headers: { cookie: c.cookie } }); }
    expect((await call("/api/status", { headers: { cookie: c.cookie } })).status).toBe(401);
  });

  it("ends every session on `aiosctl web-token --rotate`, and a user's on a new password", async () => {
    const pw = await users.passwd("alice");
    const alice = await login("alice", pw);
    const admin = await login("", webToken(tokenFile));
    const oldBearer = bearer();
    const rotated = await ctl("web-token", "--rotate");
    expect(rotated.code).toBe(0);
    const fresh = rotated.stdout.trim();
    tokens.add(fresh);
    expect(fresh).toBe(webToken(tokenFile));
    expect(rotated.stderr).toMatch(/certificate SHA-256: /);
    for (const headers of [oldBearer, { cookie: alice.cookie }, { cookie: admin.cookie }]) expect((await call("/api/status", { headers })).status).toBe(401);
    expect((await call("/api/status", { headers: bearer() })).status).toBe(200);

    const again = await login("alice", pw);
    expect((await call("/api/status", { headers: { cookie: again.cookie } })).status).toBe(200);
    const newPw = JSON.parse((await ctl("web-user", "passwd", "alice", "--json")).stdout).password as string;
    tokens.add(newPw);
    expect((await call("/api/status", { headers: { cookie: again.cookie } })).status).toBe(401);
    expect((await call("/login", form({ name: "alice", password: pw }))).status).toBe(401);
    await login("alice", newPw);
  });

  it("limits login attempts: 5 free failures per name, 10 per address, then a doubling wait (429, Retry-After)", async () => {
    clock += 2 * 3_600_000; // earlier failures forgotten
    const pw = await users.passwd("vera");
    for (let i = 0; i < 6; i++) expect((await call("/login", form({ name: "vera", password: "guess" }))).status).toBe(401);
    const limited = await call("/login", form({ name: "vera", password: pw }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    clock += 1000;
    await login("vera", pw);
    for (let i = 0; i < 5; i++) await call("/login", form({ name: `nobody${i}`, password: "guess" }));
    expect((await call("/login", form({ name: "", password: webToken(tokenFile) }))).status).toBe(429); // the address: 11 failures
  });

  it("redirects plain HTTP to https, and the TLS port does not speak plain HTTP", async () => {
    const r = await fetch(`http://127.0.0.1:${redirect.port}/approvals?x=1`, { redirect: "manual" });
    expect(r.status).toBe(301);
    expect(r.headers.get("location")).toBe(`${web.base}/approvals`);
    expect((await web.fetch(r.headers.get("location")!, { redirect: "manual", headers: { accept: "text/html" } })).headers.get("location")).toBe("/login");
    await expect(fetch(`http://127.0.0.1:${web.server.port}/health`)).rejects.toThrow();
    expect((await call("/health")).status).toBe(200);
  });

  it("never shows the token or a password in a response or a log line", () => {
    expect(seen.length).toBeGreaterThan(50);
    for (const secret of tokens) for (const line of seen) expect(line).not.toContain(secret);
  });
});
