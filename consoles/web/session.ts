// Who is at the web console. Everyone logs in with the same token, so the token names nobody: each
// login gets its own session id (a cookie), and a person's verbs (approve, reject) are recorded as
// that session and the address it came from, e.g. user:web/session:3f9a0c1d2b4e@10.0.2.2. Calls with
// the bearer token and no session are user:web/token@<address>.
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getConnInfo } from "hono/bun";
import { getCookie, setCookie } from "hono/cookie";

export const SESSION_COOKIE = "aios_session";
const SESSION = /^[0-9a-f]{12}$/;

/** Starts a new session for this browser (at /login). */
export function startSession(c: Context): string {
  const id = randomBytes(6).toString("hex");
  setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: "Strict", path: "/" });
  return id;
}

/** The audit actor for the person making this request. */
export function webActor(c: Context): string {
  const s = getCookie(c, SESSION_COOKIE);
  let address = "";
  try { address = getConnInfo(c).remote.address ?? ""; } catch { /* not served by Bun.serve (app.request in tests) */ }
  return `user:web/${s && SESSION.test(s) ? `session:${s}` : "token"}${address ? `@${address}` : ""}`;
}
