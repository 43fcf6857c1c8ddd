// Who is at the web console, as the audit log names them: a named user is user:web/<name>, a login
// with the shared token user:web/token:<tag> (a random tag per login, never the cookie itself), and a
// Bearer API call user:web/token; each with the address it came from, e.g. user:web/alice@10.0.2.2.
import type { Context } from "hono";
import { clientAddress } from "./auth/guard.ts";

/** The audit actor for the person making this request (after the guard). */
export function webActor(c: Context): string {
  const who = c.get("who");
  const address = clientAddress(c);
  const name = who?.user ?? (who?.session ? `token:${who.session.tag}` : "token");
  return `user:web/${name}${address ? `@${address}` : ""}`;
}
