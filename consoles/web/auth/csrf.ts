// Cross-site request forgery: a page from elsewhere can make a browser send our cookie, but cannot read
// the per-session token we put in our own pages. So a state-changing request made with a session
// cookie must carry that token, in the X-CSRF-Token header (scripts) or a _csrf form field (forms).
// Bearer requests are exempt: a browser never adds an Authorization header cross-site by itself.
import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";

export const CSRF_HEADER = "x-csrf-token";
export const CSRF_FIELD = "_csrf";

export const changesState = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());

export function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const isForm = (type: string | undefined) => /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type ?? "");

/** True when the request carries the session's token; hono caches a parsed form, so routes can read it again. */
export async function csrfOk(c: Context, expected: string): Promise<boolean> {
  const header = c.req.header(CSRF_HEADER);
  if (header !== undefined) return sameSecret(header, expected);
  if (!isForm(c.req.header("content-type"))) return false;
  const form = await c.req.parseBody().catch(() => ({} as Record<string, unknown>));
  const field = form[CSRF_FIELD];
  return typeof field === "string" && sameSecret(field, expected);
}

/** The hidden field for a page's forms. */
export const csrfField = (token: string | undefined) => token ? `<input type="hidden" name="${CSRF_FIELD}" value="${token}">` : "";
