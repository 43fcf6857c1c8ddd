// The web console's one access rule: the token as a bearer header or as the cookie /login sets.
import type { Context } from "hono";
import { getCookie } from "hono/cookie";

export const authorized = (c: Context, token: string) =>
  c.req.header("authorization")?.replace(/^Bearer\s+/i, "") === token || getCookie(c, "aios_token") === token;

export const AUTH_HINT = "send Authorization: Bearer <token>, or open /login?token=<token>; the token: `aiosctl web-token`";
