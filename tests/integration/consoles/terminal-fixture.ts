// The web terminal's two halves on real sockets, in this process: the executor's web app on a temp
// unix socket (0660), whose PTY runs a real bash, and the web console over HTTPS (the test
// certificate) with three users: alice (admin), olga (operator), vic (viewer).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { LocalExecutor } from "../../../agents/host/executor/local.ts";
import { serveOn } from "../../../agents/host/executor/server.ts";
import { webExecutorApp } from "../../../agents/host/executor/web.ts";
import { websocket } from "../../../agents/host/executor/websocket.ts";
import { DryRunner } from "../../../runtime/proc/exec.ts";
import { openToolSystem } from "../../../tools/index.ts";
import { webApp } from "../../../consoles/web/app.ts";
import { createAuth } from "../../../consoles/web/auth/guard.ts";
import { UserStore } from "../../../consoles/web/auth/users.ts";
import { EventHub } from "../../../consoles/web/events/hub.ts";
import type { StatusReply } from "../../../runtime/control/client.ts";
import { testCert } from "./https.ts";

export interface TerminalStack {
  dir: string;
  env: Record<string, string>;
  ex: LocalExecutor;
  base: string;
  /** The console's certificate (PEM), trusted explicitly by clients. */
  ca: string;
  passwords: Record<string, string>;
  /** The executor's idle limit for sessions opened from now on. */
  idle: { ms: number };
  login(name: string): Promise<{ cookie: string; csrf: string }>;
  stop(): void;
}

export async function startTerminalStack(): Promise<TerminalStack> {
  const dir = mkdtempSync(join(tmpdir(), "aios-terminal-"));
  // The shell is `bash -l` in $HOME, as on the appliance; a build host's own root profile (pyenv and the
  // like, whose rehash lock a killed shell can leave behind) must not decide whether the test passes.
  process.env.HOME = dir;
  const env = { AIOS_TEST_PROBE: "leaked", AIOS_STATE_DIR: dir, AIOS_RUN_DIR: join(dir, "run"), AIOS_CONFIG_DIR: join(dir, "etc"), AIOS_EXECUTOR_WEB_SOCKET: join(dir, "executor-web.sock"), AIOS_CONTROL: join(dir, "no-init.sock") };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const idle = { ms: 15 * 60_000 };
  const ex = new LocalExecutor({
    tools: (policyFor) => openToolSystem({ dbPath: join(dir, "aios.db"), snapshotDir: join(dir, "snapshots"), policyFor, runner: new DryRunner(), services: { list: async () => [], control: async () => ({}) } as never, settleMs: 0 }),
    agents: () => [], autonomyFile: join(dir, "autonomy"),
  });
  const executor = serveOn(webExecutorApp(ex, { idleMs: () => idle.ms }), env.AIOS_EXECUTOR_WEB_SOCKET, 0o660);
  const users = new UserStore(join(dir, "users.json"));
  const passwords: Record<string, string> = {};
  for (const [name, role] of [["alice", "admin"], ["olga", "operator"], ["vic", "viewer"]] as const) passwords[name] = await users.add(name, role);
  const auth = createAuth({ token: () => "s3cret-token", users });
  const status = async () => ({ boot: { uptime_s: 1 }, services: [] }) as unknown as StatusReply;
  const cert = await testCert();
  const web = Bun.serve({ port: 0, hostname: "127.0.0.1", tls: { cert: cert.cert, key: cert.key }, fetch: webApp({ token: auth.token, status, sample: () => undefined, events: new EventHub([]), auth }).fetch, websocket });
  const base = `https://127.0.0.1:${web.port}`, ca = cert.cert;

  async function login(name: string) {
    const r = await fetch(`${base}/login`, { method: "POST", redirect: "manual", tls: { ca }, headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ name, password: passwords[name]! }) } as RequestInit);
    expect(r.status).toBe(303);
    const cookie = r.headers.get("set-cookie")!.split(";")[0]!;
    const s = (await (await fetch(`${base}/api/session`, { headers: { cookie }, tls: { ca } } as RequestInit)).json()) as { csrf: string };
    return { cookie, csrf: s.csrf };
  }
  function stop() {
    web.stop(true);
    executor.stop(true);
    ex.close();
    for (const k of Object.keys(env)) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    rmSync(dir, { recursive: true, force: true });
  }
  return { dir, env, ex, base, ca, passwords, idle, login, stop };
}

export async function waitFor(test: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) { if (Date.now() > end) throw new Error("timed out waiting"); await Bun.sleep(10); }
}
