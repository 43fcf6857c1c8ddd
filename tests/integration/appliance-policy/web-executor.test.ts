// The executor's web socket, which acts for the unprivileged web console: who may ask for what (the
// person and role named in headers, checked per route), service control through the registry as that
// person against a real aios init (lock-out guards included), and the audit chain naming the login.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statSync } from "node:fs";
import type { Hono } from "hono";
import { webExecutorApp } from "../../../agents/host/executor/web.ts";
import type { InitUnderTest } from "../init/fixture.ts";
import { serveWebExecutor, type WebExecutorUnderTest } from "../consoles/web-executor.ts";
import { envOf, startAppliance } from "./fixture.ts";

let init: InitUnderTest;
let executor: WebExecutorUnderTest;
let app: Hono;
const ALICE = "user:web/alice@10.0.2.2";
const as = (role: string, who = ALICE) => ({ "x-aios-who": who, "x-aios-role": role });
const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
  const r = await app.request(path, { method, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};

beforeAll(async () => {
  init = await startAppliance();
  Object.assign(process.env, envOf(init));
  executor = serveWebExecutor(init.dir);
  app = webExecutorApp(executor.ex);
});
afterAll(async () => { executor.stop(); await init.stop(); });

describe("the executor's web socket", () => {
  it("is a socket only its group may use, served by the same app", async () => {
    expect(statSync(executor.socket).mode & 0o777).toBe(0o660);
    const r = await fetch("http://executor/v1/autonomy", { unix: executor.socket, headers: as("viewer") } as RequestInit);
    expect(await r.json()).toMatchObject({ autonomy: expect.any(String) });
  });

  it("refuses a request that names no person or no role", async () => {
    expect(await call("GET", "/v1/approvals", {})).toMatchObject({ status: 400, body: { error: expect.stringContaining("x-aios-who") } });
    expect(await call("GET", "/v1/approvals", as("viewer", "root"))).toMatchObject({ status: 400 });
    expect(await call("GET", "/v1/approvals", as("root"))).toMatchObject({ status: 400, body: { error: expect.stringContaining("x-aios-role") } });
    expect((await call("GET", "/health", {})).status).toBe(200);
  });

  it("checks the person's role per route: viewers read, operators change, admins set autonomy", async () => {
    expect(await call("GET", "/v1/approvals", as("viewer"))).toMatchObject({ status: 200, body: { approvals: [] } });
    expect(await call("POST", "/v1/services/alpha/restart", as("viewer"))).toMatchObject({ status: 403, body: { error: `${ALICE} is a viewer; POST /v1/services/alpha/restart needs operator` } });
    expect((await call("POST", "/v1/autonomy", as("operator"), { value: "off" })).status).toBe(403);
    expect(await call("POST", "/v1/autonomy", as("admin"), { value: "propose" })).toMatchObject({ status: 200, body: { autonomy: "propose" } });
    expect(executor.ex.sys.audit.tail(1, "config.change")[0]).toMatchObject({ actor: ALICE, subject: "autonomy", data: { to: "propose" } });
  });

  it("restarts a service through services.control as the person, audited with the login", async () => {
    const before = (await init.service("alpha")).pid;
    const r = await call("POST", "/v1/services/alpha/restart", as("operator"));
    expect(r).toMatchObject({ status: 200, body: { status: "done", effects: [{ kind: "service.restart", service: "alpha" }] } });
    await init.until(() => init.service("alpha"), (s) => s.state === "ready" && s.pid !== before);
    expect(executor.ex.sys.audit.tail(1, "tool.call")[0]).toMatchObject({ actor: ALICE, subject: "services.control", data: { input: { id: "alpha", action: "restart" } } });
  });

  it("refuses to stop or disable the web console or ssh (lock-out guard), and names the refusal", async () => {
    for (const [id, verb] of [["web", "stop"], ["dropbear", "stop"], ["web", "disable"], ["dropbear", "disable"]]) {
      const r = await call("POST", `/v1/services/${id}/${verb}`, as("admin"));
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ status: "refused", blame: "lockout", error: expect.stringContaining(`lock-out guard: would cut off access: ${verb === "stop" ? "stopping" : "disabling"} service ${id}`) });
    }
    expect((await init.service("web")).state).toBe("ready");
    expect((await init.service("dropbear")).state).toBe("ready");
    expect(executor.ex.sys.audit.tail(1, "tool.refused")[0]).toMatchObject({ actor: ALICE, subject: "services.control" });
  });

  it("answers an unknown service or verb with 4xx", async () => {
    expect((await call("POST", "/v1/services/nope/restart", as("operator"))).status).toBe(400);
    expect((await call("POST", "/v1/services/alpha/explode", as("admin"))).status).toBe(404);
  });
});
