// The trial boot's health check against real listeners (a TCP port for ssh, an HTTP server for the
// web console's /health), and the commit-or-give-up decision it feeds.
import { afterAll, describe, expect, it } from "vitest";
import { healthProblems, watchTrial } from "../../../runtime/update/boot.ts";
import type { StatusReply } from "../../../runtime/control/client.ts";
import type { UpdatePaths } from "../../../runtime/update/slots.ts";

const svc = (name: string, state: string, reason: string | null = null) => ({ name, description: "", kind: "longrun", state, pid: 1, uptime_s: 1, restarts: 0, reason, last_exit: null });
const status = (services: ReturnType<typeof svc>[]): StatusReply => ({ boot: { uptime_s: 10, ready: true, state_device: "/dev/vda", pid1: true }, services });

describe("a trial boot's health", () => {
  const ssh = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  let healthy = true;
  const web = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok", { status: healthy ? 200 : 503 }) });
  afterAll(() => { ssh.stop(true); void web.stop(true); });
  const webUrl = `http://127.0.0.1:${web.port}/health`;

  it("is healthy when every other service is up and ssh and the web console answer", async () => {
    const st = status([svc("web", "ready"), svc("seed", "done"), svc("ntp", "stopped", "disabled"), svc("update", "running")]);
    expect(await healthProblems({ sshPort: ssh.port, webUrl, status: async () => st })).toEqual([]);
  });

  it("names each thing that is not", async () => {
    healthy = false;
    const closed = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = closed.port;
    closed.stop(true);
    const st = status([svc("web", "ready"), svc("agents", "failed", "exited 1")]);
    const problems = await healthProblems({ sshPort: port, webUrl, status: async () => st });
    expect(problems).toEqual(["agents failed (exited 1)", `ssh (port ${port}) does not answer`, "the web console answers 503"]);
    healthy = true;
  });

  it("commits at once when healthy, and gives up with the reasons past the deadline", async () => {
    const p = {} as UpdatePaths;
    const seen: string[] = [];
    expect(await watchTrial(p, { deadlineMs: 1, check: async () => [], onCommit: (w) => seen.push(`commit ${w}`), onGiveUp: async (w) => { seen.push(`give up ${w}`); } })).toBe("committed");
    expect(await watchTrial(p, { deadlineMs: 1, check: async () => ["web failed"], onCommit: () => seen.push("commit"), onGiveUp: async (w) => { seen.push(`give up: ${w}`); } })).toBe("gave-up");
    expect(seen[0]).toMatch(/^commit healthy [\d.]+ s after boot$/);
    expect(seen[1]).toBe("give up: not healthy within 0.001 s of boot: web failed");
  });
});
