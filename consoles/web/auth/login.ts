// GET /login (the form), POST /login (name + password, or the token with no name → a session
// cookie: HttpOnly, Secure, SameSite=Strict), POST /logout, GET /api/session (who, role and the CSRF
// token for scripts). Failed logins are rate-limited per address and per name (./rate-limit.ts).
import type { Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { sameSecret } from "./csrf.ts";
import { type Auth, clientAddress, followRotation, identify, SESSION_COOKIE } from "./guard.ts";
import { loginPage } from "./login-page.ts";
import { fingerprint, type Session } from "./sessions.ts";

/** A login form posted from another site (login CSRF) is refused when the browser says so. */
function crossSite(c: Context): boolean {
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return origin === "null";
  try { return new URL(origin).host !== c.req.header("host"); } catch { return true; }
}

async function attempt(a: Auth, name: string, password: string): Promise<Omit<Session, "id" | "tag" | "csrf" | "created" | "seen"> | undefined> {
  if (!name || name === "token") {
    const token = followRotation(a);
    return sameSecret(password, token) ? { role: "admin", grant: fingerprint(token) } : undefined;
  }
  const u = await a.users.verify(name, password);
  return u && { user: u.name, role: u.role, grant: fingerprint(u.hash) };
}

export function mountLogin(app: Hono, a: Auth): void {
  app.get("/login", (c) => identify(a, c)?.via === "session" ? c.redirect("/", 303) : c.html(loginPage()));

  app.post("/login", async (c) => {
    if (crossSite(c)) return c.html(loginPage("this login came from another site"), 403);
    const form = await c.req.parseBody().catch(() => ({} as Record<string, unknown>));
    const name = typeof form.name === "string" ? form.name.trim() : "";
    const password = typeof form.password === "string" ? form.password : "";
    const address = clientAddress(c) || "unknown";
    const key = name || "token";
    const wait = a.limiter.waitMs(address, key);
    if (wait > 0) {
      c.header("retry-after", String(Math.ceil(wait / 1000)));
      return c.html(loginPage(`too many failed logins: try again in ${Math.ceil(wait / 1000)} s`, name), 429);
    }
    const grant = password ? await attempt(a, name, password) : undefined;
    if (!grant) {
      a.limiter.fail(address, key);
      return c.html(loginPage("wrong name or password", name), 401);
    }
    a.limiter.succeed(key);
    const s = a.sessions.start(grant);
    setCookie(c, SESSION_COOKIE, s.id, { httpOnly: true, secure: true, sameSite: "Strict", path: "/", maxAge: Math.floor(a.sessions.limits.maxMs / 1000) });
    return c.redirect("/", 303);
  });
}

/** After the guard: these need a login (and, for logout with a cookie, its CSRF token). */
export function mountSession(app: Hono, a: Auth): void {
  // Ends this session; a Bearer caller has none to end.
  app.post("/logout", (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) a.sessions.end(id);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
    return c.redirect("/login", 303);
  });

  app.get("/api/session", (c) => {
    const who = c.get("who");
    return c.json({ user: who.user ?? null, role: who.role, via: who.via, csrf: who.session?.csrf ?? null });
  });
}
