// The web console's policy routes over real HTTP and the chat console's policy commands, against a real
// aios init and state database: list, approve and reject approvals, verify and tail the audit log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { webApp, realWebDeps } from "../../../consoles/web/app.ts";
import { serveConsole, type ConsoleUnderTest } from "../consoles/https.ts";
import { answer } from "../../../consoles/serial/commands.ts";
import type { InitUnderTest } from "../init/fixture.ts";
import { ctl, envOf, startAppliance } from "./fixture.ts";
import { serveWebExecutor, type WebExecutorUnderTest } from "../consoles/web-executor.ts";

let init: InitUnderTest;
let server: ReturnType<typeof Bun.serve>;
let base: string;
let web: ConsoleUnderTest;
let executor: WebExecutorUnderTest;
const fetch = (url: string, init?: RequestInit) => web.fetch(url, init);
const auth = { authorization: "Bearer s3cret" };

beforeAll(async () => {
  init = await startAppliance();
  Object.assign(process.env, envOf(init)); // the routes and commands open the state DB and init from env
  executor = serveWebExecutor(init.dir); // approvals go through the executor's web socket, as on the appliance
  web = await serveConsole(webApp(realWebDeps("s3cret")));
  server = web.server;
  base = web.base;
});
afterAll(async () => { server.stop(true); executor.stop(); await init.stop(); });

/** Queues a call through aiosctl, as an agent or a person would; returns its approval id. */
async function queue(path: string): Promise<string> {
  const r = JSON.parse((await ctl(init, "tool", "call", "files.write", "--input", JSON.stringify({ path, content: "x\n" }), "--why", "web test", "--json")).stdout);
  expect(r.status).toBe("pending");
  return r.approvalId as string;
}

const get = async (path: string) => { const r = await fetch(`${base}${path}`, { headers: auth }); return { status: r.status, body: (await r.json()) as any }; };
const post = async (path: string, body?: string) => { const r = await fetch(`${base}${path}`, { method: "POST", headers: auth, body }); return { status: r.status, body: (await r.json()) as any }; };

describe("web console policy routes", () => {
  it("keeps them behind the token", async () => {
    expect((await fetch(`${base}/api/approvals`)).status).toBe(401);
    expect((await fetch(`${base}/api/audit/verify`)).status).toBe(401);
    expect((await fetch(`${base}/approvals`)).status).toBe(401);
  });

  it("lists, approves and rejects approvals", async () => {
    const a = await queue(`${init.dir}/etc/a.toml`);
    const b = await queue(`${init.dir}/etc/b.toml`);
    const list = await get("/api/approvals");
    expect(list.status).toBe(200);
    expect(list.body.approvals.map((x: { id: string }) => x.id)).toEqual([a, b]);
    expect(list.body.approvals[0]).toMatchObject({ agent: "operator", tool: "files.write", why: { reason: "web test" }, effects: [{ kind: "file.write" }] });

    const ok = await post(`/api/approvals/${a}/approve`);
    expect(ok.status).toBe(200);
    // The token is shared: the approver is named by how this request came (no session: the token) and
    // from where. The executor carried it out (the web console itself cannot write /etc).
    expect(ok.body).toMatchObject({ approval: { status: "executed", decidedBy: "user:web/token@127.0.0.1" }, outcome: { status: "done" } });
    expect(existsSync(`${init.dir}/etc/a.toml`)).toBe(true);

    const no = await post(`/api/approvals/${b}/reject`, JSON.stringify({ note: "not from the web" }));
    expect(no.body).toMatchObject({ approval: { status: "rejected", note: "not from the web" }, outcome: null });
    expect(existsSync(`${init.dir}/etc/b.toml`)).toBe(false);
    expect((await get("/api/approvals")).body.approvals).toEqual([]);
    expect((await get("/api/approvals?status=all")).body.approvals).toHaveLength(2);
  });

  it("answers bad input with 4xx, an error and a hint", async () => {
    const badId = await post("/api/approvals/rm -rf/approve");
    expect(badId.status).toBe(400);
    expect(badId.body.hint).toContain("apr-");
    const missing = await post("/api/approvals/apr-00000000/approve");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: "no approval apr-00000000", hint: expect.stringContaining("aiosctl approvals") });
    const c = await queue(`${init.dir}/etc/c.toml`);
    const badBody = await post(`/api/approvals/${c}/reject`, "{not json");
    expect(badBody.status).toBe(400);
    expect(badBody.body.hint).toContain("note");
    expect((await post(`/api/approvals/${c}/reject`, JSON.stringify({ note: 5 }))).status).toBe(400);
    await post(`/api/approvals/${c}/reject`);
    const twice = await post(`/api/approvals/${c}/approve`);
    expect(twice.status).toBe(400);
    expect(twice.body.error).toContain("is rejected, not pending");
    for (const n of ["0", "-1", "abc", "1.5", "99999"]) {
      const r = await get(`/api/audit/tail?n=${n}`);
      expect(r.status).toBe(400);
      expect(r.body.hint).toContain("n=");
    }
    expect((await get("/api/approvals?status=weird")).status).toBe(400);
  });

  it("verifies and tails the audit log", async () => {
    expect((await get("/api/audit/verify")).body).toMatchObject({ ok: true, count: expect.any(Number) });
    const t = await get("/api/audit/tail?n=3");
    expect(t.body.entries).toHaveLength(3);
    const k = await get("/api/audit/tail?n=5&kind=approval.rejected");
    expect(k.body.entries.length).toBeGreaterThanOrEqual(2);
    expect(k.body.entries.every((e: { kind: string }) => e.kind === "approval.rejected")).toBe(true);
  });

  it("shows pending approvals on a page whose forms decide them", async () => {
    const d = await queue(`${init.dir}/etc/d.toml`);
    const page = await (await fetch(`${base}/approvals`, { headers: auth })).text();
    expect(page).toContain(d);
    expect(page).toContain(`create file ${init.dir}/etc/d.toml`);
    expect(page).toContain(`action="/approvals/${d}/approve"`);
    const form = new FormData();
    form.set("note", "via the page");
    const r = await fetch(`${base}/approvals/${d}/reject`, { method: "POST", headers: auth, body: form, redirect: "manual" });
    expect(r.status).toBe(303);
    expect(decodeURIComponent(r.headers.get("location")!)).toBe(`/approvals?msg=${d} rejected`);
    expect(await (await fetch(`${base}/approvals`, { headers: auth })).text()).toContain("No pending approvals.");
  });
});

describe("chat console policy commands", () => {
  const say = async (line: string) => { const r = await answer(line); return "text" in r ? r.text : ""; };

  it("lists, approves and rejects, and verifies the audit log", async () => {
    expect(await say("help")).toContain("/approvals");
    expect(await say("/approvals")).toBe("no pending approvals");
    const e = await queue(`${init.dir}/etc/e.toml`);
    const f = await queue(`${init.dir}/etc/f.toml`);
    const list = await say("/approvals");
    expect(list).toContain(e);
    expect(list).toMatch(/why:\s+web test \(human\)/);
    const ok = await say(`/approve ${e}`);
    expect(ok).toContain(`${e} approved by user:console`);
    expect(ok).toContain("done");
    expect(existsSync(`${init.dir}/etc/e.toml`)).toBe(true);
    expect(await say(`/reject ${f} changed my mind`)).toContain(`${f} rejected by user:console`);
    expect(await say("/audit")).toMatch(/^audit log OK \(\d+ entries/);
  });

  it("says what is wrong with bad commands", async () => {
    await expect(answer("/approve")).rejects.toThrow("usage: /approve <id>");
    await expect(answer("/approve apr-00000000")).rejects.toThrow("no approval apr-00000000");
    expect(await answer("/approvalsx")).toEqual({ text: "unknown command /approvalsx; type help" });
  });
});
