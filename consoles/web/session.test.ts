import { afterAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { startSession, webActor } from "./session.ts";

const app = new Hono();
app.get("/login", (c) => c.text(startSession(c)));
app.get("/who", (c) => c.text(webActor(c)));
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;

describe("the web console's approver", () => {
  it("is the login's own session and its address, not the shared token", async () => {
    const login = await fetch(`${base}/login`);
    const id = await login.text();
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    expect(await (await fetch(`${base}/who`, { headers: { cookie } })).text()).toBe(`user:web/session:${id}@127.0.0.1`);
    const other = await (await fetch(`${base}/login`)).text();
    expect(other).not.toBe(id);
  });

  it("is the token and the address without a session; a forged session id is ignored", async () => {
    expect(await (await fetch(`${base}/who`)).text()).toBe("user:web/token@127.0.0.1");
    expect(await (await fetch(`${base}/who`, { headers: { cookie: "aios_session=../../root" } })).text()).toBe("user:web/token@127.0.0.1");
    expect(await (await app.request("/who")).text()).toBe("user:web/token");
  });
});
