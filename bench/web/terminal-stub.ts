// For bench/web/terminal.ts: one side of the web terminal as its own process, as on the appliance.
// `executor <dir>`: the executor's web app (terminal route included) on <dir>/executor-web.sock.
// `web <dir>`: the web console over HTTPS on a free port, relaying to that socket; prints the port.
import { join } from "node:path";
import { LocalExecutor } from "../../agents/host/executor/local.ts";
import { serveOn } from "../../agents/host/executor/server.ts";
import { webExecutorApp } from "../../agents/host/executor/web.ts";
import { websocket } from "../../agents/host/executor/websocket.ts";
import { DryRunner } from "../../runtime/proc/exec.ts";
import { openToolSystem } from "../../tools/index.ts";
import { webApp } from "../../consoles/web/app.ts";
import { createAuth } from "../../consoles/web/auth/guard.ts";
import { EventHub } from "../../consoles/web/events/hub.ts";
import { ensureCert } from "../../consoles/web/tls/cert.ts";
import type { StatusReply } from "../../runtime/control/client.ts";

const [role, dir] = process.argv.slice(2) as [string, string];
if (role === "executor") {
  const ex = new LocalExecutor({
    tools: (policyFor) => openToolSystem({ dbPath: join(dir, "aios.db"), snapshotDir: join(dir, "snapshots"), policyFor, runner: new DryRunner(), services: { list: async () => [], control: async () => ({}) } as never, settleMs: 0 }),
    agents: () => [], autonomyFile: join(dir, "autonomy"),
  });
  serveOn(webExecutorApp(ex), join(dir, "executor-web.sock"), 0o660);
  console.log("ready");
} else {
  const cert = await ensureCert({ operator: join(dir, "none"), state: dir }, undefined, "aios");
  const auth = createAuth({ token: () => "bench-token" });
  const status = async () => ({ boot: { uptime_s: 1 }, services: [] }) as unknown as StatusReply;
  const app = webApp({ token: auth.token, status, sample: () => undefined, events: new EventHub([]), auth });
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", tls: { cert: cert.cert, key: cert.key }, fetch: app.fetch, websocket });
  console.log(`ready ${server.port} ${cert.path}`);
}
