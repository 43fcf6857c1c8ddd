// The web console's secret files: the token, users.json and the TLS key. They live in its own folder
// (web_state_dir, aios-web 0700) with mode 0600, owned by the console's user even when root writes
// them (aiosctl web-token --rotate, aiosctl web-user), so the unprivileged console can read them. A
// file that group or others may read or write is refused, naming it (runtime/config/secret-mode.ts).
import { chownSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { WEB_USER } from "../../agents/host/paths.ts";
import { assertSecretMode } from "../../runtime/config/secret-mode.ts";
import { userIds } from "../../runtime/proc/ids.ts";

export { assertSecretMode };

/** The file's text, once its mode is 0600 or narrower. */
export function readSecret(path: string): string {
  assertSecretMode(path);
  return readFileSync(path, "utf8");
}

/** Writes atomically (a reader never sees half a secret), 0600, handed to aios-web when root writes it. */
export function writeSecret(path: string, text: string): void {
  const made = mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (made) handOver(dirname(path));
  const tmp = `${path}.new`;
  rmSync(tmp, { force: true }); // a leftover would keep its own mode
  writeFileSync(tmp, text, { mode: 0o600 });
  handOver(tmp);
  renameSync(tmp, path);
}

/** When root writes into the console's folder, the result belongs to the console's user (if the image has it). */
export function handOver(path: string): void {
  if (process.getuid?.() !== 0) return;
  const web = userIds(WEB_USER);
  if (web) chownSync(path, web.uid, web.gid);
}
