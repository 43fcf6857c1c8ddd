// The web console's shared token: made once (random, 0600) on the state disk; shown by
// `aiosctl web-token` and the serial console's /web. It is the admin's break-glass login and the API
// clients' Bearer token. `aiosctl web-token --rotate` writes a new one; the console notices the file
// changed on its next request and ends every session (see ./auth/guard.ts).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { setting } from "../../runtime/config/settings.ts";

export const tokenPath = () => `${setting("web_state_dir")}/token`;

function write(path: string): string {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const token = randomBytes(18).toString("base64url");
  writeFileSync(`${path}.new`, `${token}\n`, { mode: 0o600 });
  renameSync(`${path}.new`, path); // a reader never sees half a token
  return token;
}

export function webToken(path = tokenPath()): string {
  return existsSync(path) ? readFileSync(path, "utf8").trim() : write(path);
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
