// The web console's shared token: made once (random, 0600, owned by aios-web) on the state disk; shown by
// `aiosctl web-token` and the serial console's /web. It is the admin's break-glass login and the API
// clients' Bearer token. `aiosctl web-token --rotate` writes a new one; the console notices the file
// changed on its next request and ends every session (see ./auth/guard.ts).
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { setting } from "../../runtime/config/settings.ts";
import { readSecret, writeSecret } from "./secret-file.ts";

export const tokenPath = () => `${setting("web_state_dir")}/token`;

function write(path: string): string {
  const token = randomBytes(18).toString("base64url");
  writeSecret(path, `${token}\n`);
  return token;
}

/** The token (made on first use); a token file that others may read is refused, naming it. */
export function webToken(path = tokenPath()): string {
  return existsSync(path) ? readSecret(path).trim() : write(path);
}

/** A new token; the old one stops working and every web session ends. */
export function rotateToken(path = tokenPath()): string {
  return write(path);
}

/** The current token, read again only when the file changes (one stat per call). */
export function tokenReader(path = tokenPath()): () => string {
  let stamp = "";
  let token = "";
  return () => {
    let now = "";
    try { const s = statSync(path); now = `${s.ino}:${s.mtimeMs}:${s.size}`; } catch { /* not made yet */ }
    if (now !== stamp || !now) { token = webToken(path); stamp = now; }
    return token;
  };
}
