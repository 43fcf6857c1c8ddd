import { describe, expect, it } from "vitest";
import { Hono } from "hono";
import { allows, roleFor } from "./roles.ts";
import { csrfOk, sameSecret } from "./csrf.ts";

describe("roles", () => {
  it("lets viewers read, operators change, admins manage users and settings", () => {
    expect(roleFor("GET", "/api/approvals")).toBe("viewer");
    expect(roleFor("POST", "/api/approvals/apr-1/approve")).toBe("operator");
    expect(roleFor("POST", "/api/chat")).toBe("operator");
    expect(roleFor("POST", "/logout")).toBe("viewer");
    expect(roleFor("GET", "/api/users")).toBe("admin");
    expect(roleFor("PUT", "/api/settings/web_port")).toBe("admin");
    expect(roleFor("POST", "/api/models/upload")).toBe("admin");
    expect(roleFor("GET", "/api/models")).toBe("viewer");
    expect(roleFor("POST", "/api/services/ntp/restart")).toBe("operator");
    expect(allows("viewer", "operator")).toBe(false);
    expect(allows("operator", "operator")).toBe(true);
    expect(allows("admin", "operator")).toBe(true);
    expect(allows("operator", "admin")).toBe(false);
  });
});

describe("CSRF check", () => {
  const app = new Hono();
  app.post("/x", async (c) => {
    const ok = await csrfOk(c, "good-token");
    const form = await c.req.parseBody().catch(() => ({})); // the route can still read the form
    return c.json({ ok, form });
  });
  const post = async (headers: Record<string, string>, body?: string) => (await (await app.request("/x", { method: "POST", headers, body })).json()) as { ok: boolean; form: Record<string, string> };

  it("takes the token from X-CSRF-Token or a _csrf form field, nothing else", async () => {
    expect((await post({ "x-csrf-token": "good-token" })).ok).toBe(true);
    expect((await post({ "x-csrf-token": "bad-token!" })).ok).toBe(false);
    const form = await post({ "content-type": "application/x-www-form-urlencoded" }, "_csrf=good-token&note=hi");
    expect(form).toEqual({ ok: true, form: { _csrf: "good-token", note: "hi" } });
    expect((await post({ "content-type": "application/x-www-form-urlencoded" }, "note=hi")).ok).toBe(false);
    expect((await post({ "content-type": "application/json" }, '{"_csrf":"good-token"}')).ok).toBe(false);
    expect((await post({})).ok).toBe(false);
  });

  it("compares in constant time and refuses a missing value", () => {
    expect(sameSecret("abc", "abc")).toBe(true);
    expect(sameSecret("abd", "abc")).toBe(false);
    expect(sameSecret("ab", "abc")).toBe(false);
    expect(sameSecret(undefined, "abc")).toBe(false);
  });
});
