// The console's one access rule. A request is someone when it carries the shared token as a Bearer
// header (the admin, for API clients) or a live session cookie (a login). Then its method and path
// must be within that someone's role, and a state change made with a cookie must carry the session's
// CSRF token. /v1 (the OpenAI API) takes the Bearer token only. A rotated token ends every session;
// a removed user or a new password ends that user's.
import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/bun";
import { getCookie } from "hono/cookie";
import { changesState, csrfOk, sameSecret } from "./csrf.ts";
import { allows, roleFor, type Role } from "./roles.ts";
import { value } from "../../../runtime/config/settings.ts";
import { fingerprint, type Session, SessionStore } from "./sessions.ts";
import { UserStore } from "./users.ts";
import { LoginLimiter } from "./rate-limit.ts";

/** __Host-: the browser keeps it only from https, for this host, for every path. */
export const SESSION_COOKIE = "__Host-aios_session";

export const AUTH_HINT = "log in at /login (a named user, or the token as the admin's password), or send Authorization: Bearer <token>; the token: `aiosctl web-token`";

export interface Auth {
  token: () => string;
  users: UserStore;
  sessions: SessionStore;
  limiter: LoginLimiter;
  /** The token's fingerprint at the last request: a change ends every session. */
  seen: { token: string };
}

export function createAuth(o: Partial<Omit<Auth, "seen">> & { token: () => string }): Auth {
  return {
    token: o.token,
    users: o.users ?? new UserStore(),
    sessions: o.sessions ?? new SessionStore({ idleMs: value("web_session_idle") as number, maxMs: value("web_session_max") as number }),
    limiter: o.limiter ?? new LoginLimiter(),
    seen: { token: "" },
  };
}

export interface Who { role: Role; via: "token" | "session"; user?: string; session?: Session }

declare module "hono" {
  interface ContextVariableMap { who: Who }
}

export function clientAddress(c: Context): string {
  try { return getConnInfo(c).remote.address ?? ""; } catch { return ""; } // not served by Bun.serve (app.request)
}

/** Ends every session when the token file changed since the last request. */
export function followRotation(a: Auth): string {
  const token = a.token();
  const fp = fingerprint(token);
  if (a.seen.token && fp !== a.seen.token) a.sessions.endWhere();
  a.seen.token = fp;
  return token;
}

/** Who is asking, or undefined; reads no body. */
export function identify(a: Auth, c: Context): Who | undefined {
  const token = followRotation(a);
  const auth = c.req.header("authorization");
  if (auth !== undefined) return sameSecret(auth.replace(/^Bearer\s+/i, ""), token) ? { role: "admin", via: "token" } : undefined;
  const s = a.sessions.get(getCookie(c, SESSION_COOKIE));
  if (!s) return undefined;
  if (s.user === undefined) return s.grant === fingerprint(token) ? { role: s.role, via: "session", session: s } : undefined;
  const u = a.users.get(s.user);
  if (!u || fingerprint(u.hash) !== s.grant) { a.sessions.end(s.id); return undefined; }
  return { role: u.role, via: "session", user: u.name, session: s }; // a changed role applies at once
}

const wantsPage = (c: Context) => c.req.method === "GET" && !c.req.path.startsWith("/api/") && (c.req.header("accept") ?? "").includes("text/html");

export function guard(a: Auth): MiddlewareHandler {
  return async (c, next) => {
    const who = identify(a, c);
    if (!who) return wantsPage(c) ? c.redirect("/login", 303) : c.json({ error: "authentication required", hint: AUTH_HINT }, 401);
    if (c.req.path.startsWith("/v1/") && who.via !== "token") return c.json({ error: "the OpenAI API takes the token as a Bearer header", hint: "send Authorization: Bearer <token>; the token: `aiosctl web-token`" }, 401);
    const need = roleFor(c.req.method, c.req.path);
    if (!allows(who.role, need)) return c.json({ error: `${who.user ?? "this login"} is a ${who.role}; ${c.req.method} ${c.req.path} needs ${need}`, hint: "an admin can change roles: aiosctl web-user" }, 403);
    if (who.via === "session" && changesState(c.req.method) && !(await csrfOk(c, who.session!.csrf))) {
      return c.json({ error: "missing or wrong CSRF token", hint: "send the session's token (GET /api/session) as X-CSRF-Token, or submit the console's own forms" }, 403);
    }
    c.set("who", who);
    await next();
  };
}
