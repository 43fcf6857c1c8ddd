// The executor's web socket for tests of the web console: the real app (webExecutorApp) on a LocalExecutor
// over the appliance's tool system (the state database, snapshots and init from the test's AIOS_*
// environment), served on a socket in the test's folder, which the console finds through
// AIOS_EXECUTOR_WEB_SOCKET.
import { join } from "node:path";
import { LocalExecutor } from "../../../agents/host/executor/local.ts";
import { serveOn } from "../../../agents/host/executor/server.ts";
import { peoplePolicy, webExecutorApp } from "../../../agents/host/executor/web.ts";
import { openApplianceTools } from "../../../tools/appliance.ts";

export interface WebExecutorUnderTest { ex: LocalExecutor; socket: string; stop(): void }

export function serveWebExecutor(dir: string): WebExecutorUnderTest {
  const socket = join(dir, "executor-web.sock");
  process.env.AIOS_EXECUTOR_WEB_SOCKET = socket;
  const ex = new LocalExecutor({ tools: (policyFor) => openApplianceTools({ policyFor, settleMs: 0 }), agents: () => [], fallbackPolicy: peoplePolicy, autonomyFile: join(dir, "autonomy") });
  const server = serveOn(webExecutorApp(ex), socket, 0o660, undefined, 0);
  return { ex, socket, stop() { server.stop(true); ex.close(); delete process.env.AIOS_EXECUTOR_WEB_SOCKET; } };
}
