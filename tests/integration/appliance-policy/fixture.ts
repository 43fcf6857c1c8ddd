// A real aios init with the audit recorder and stand-ins for the services the lock-out guards protect,
// a temp state and config dir, and aiosctl run as a person would (a child process, exit codes and all).
import { mkdirSync } from "node:fs";
import { bun, InitUnderTest, repo } from "../init/fixture.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import type { AuditEntry } from "../../../runtime/audit/log.ts";

export { bun, repo };

export async function startAppliance(): Promise<InitUnderTest> {
  const sleeper = `command = ["/bin/sleep", "100000"]`;
  const init = new InitUnderTest({
    audit: `command = ["${bun}", "${repo}/main.ts", "audit-recorder"]\nready = { notify = true, timeout_ms = 60000 }`,
    alpha: sleeper,
    dropbear: sleeper,
    web: sleeper,
  });
  mkdirSync(`${init.dir}/etc/agents`, { recursive: true });
  await init.start();
  await init.until(() => init.status(), (st) => st.services.every((s) => s.state === "ready"));
  return init;
}

/** The environment aiosctl, the web console and the chat console get in these tests. */
export const envOf = (init: InitUnderTest): Record<string, string> => ({ ...init.env, AIOS_CONFIG_DIR: `${init.dir}/etc`, AIOS_SETTLE_MS: "0" });

export async function ctl(init: InitUnderTest, ...args: string[]) {
  const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", ...args], { env: envOf(init), stdio: ["ignore", "pipe", "pipe"] });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { stdout, stderr, code };
}

/** service.state entries in the audit log, read straight from its own file. */
export function stateEntries(init: InitUnderTest): AuditEntry[] {
  const db = openDatabase(`${init.dir}/audit.db`, { readonly: true });
  try {
    const rows = db.query<{ seq: number; ts: number; kind: string; actor: string; subject: string; data: string; prev_hash: string; hash: string }, []>(
      "SELECT * FROM audit_log WHERE kind = 'service.state' ORDER BY seq").all();
    return rows.map((r) => ({ seq: r.seq, ts: r.ts, kind: r.kind, actor: r.actor, subject: r.subject, data: JSON.parse(r.data), prevHash: r.prev_hash, hash: r.hash }));
  } finally { db.close(); }
}
