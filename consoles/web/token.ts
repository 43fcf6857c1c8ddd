// The web console's access token: made once (random, 0600) on the state disk; shown by
// `aiosctl web-token` and the serial console's /web command.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { setting } from "../../runtime/config/settings.ts";

export const tokenPath = () => `${setting("state_dir")}/web/token`;

export function webToken(path = tokenPath()): string {
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true, mode: 0o700 });
  const token = randomBytes(18).toString("base64url");
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}
