// `aios web-state` (the web-state oneshot, as root, before the console starts): the unprivileged
// console's folders. Its own folder (web_state_dir) is aios-web's, 0700, with everything in it (a
// state disk from before the console dropped root has root's files there); the models folder is
// root:aios-models 2775 so the console may add a GGUF; the operator's certificate folder is handed
// to aios-web too, so the console can read a 0600 key.
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { WEB_USER } from "../../agents/host/paths.ts";
import { setting } from "../../runtime/config/settings.ts";
import { groupId, userIds } from "../../runtime/proc/ids.ts";

export const MODELS_GROUP = "aios-models";

/** chown -R without following links: a link planted in the folder must not hand over its target. */
function chownTree(path: string, uid: number, gid: number): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  chownSync(path, uid, gid);
  if (st.isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

export interface WebStateIds { web?: { uid: number; gid: number }; models?: number }

export function prepareWebState(
  o = { state: setting("web_state_dir"), models: setting("models_dir"), certs: setting("web_cert_dir") },
  ids: WebStateIds = { web: userIds(WEB_USER), models: groupId(MODELS_GROUP) },
): string[] {
  const web = ids.web;
  if (!web) return [`no user ${WEB_USER} in /etc/passwd: the console keeps root's folders`];
  mkdirSync(o.state, { recursive: true, mode: 0o700 });
  chmodSync(o.state, 0o700);
  chownTree(o.state, web.uid, web.gid);
  const done = [`${o.state} ${WEB_USER} 0700`];
  const models = ids.models;
  if (models !== undefined) {
    mkdirSync(o.models, { recursive: true });
    chownSync(o.models, 0, models);
    chmodSync(o.models, 0o2775); // setgid: uploads stay in the group
    done.push(`${o.models} root:${MODELS_GROUP} 2775`);
  }
  if (existsSync(o.certs)) { chownTree(o.certs, web.uid, web.gid); done.push(`${o.certs} ${WEB_USER}`); }
  return done;
}

export function runWebState(): void {
  for (const line of prepareWebState()) console.error(`web-state: ${line}`);
}
