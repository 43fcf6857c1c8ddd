// The ready-made health checks against a real listening socket and real commands.
import { describe, expect, it } from "vitest";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { commandCheck, tcpCheck } from "../../../runtime/snapshots/index.ts";

describe("health checks", () => {
  it("tcpCheck passes while a port listens and names the failure after", async () => {
    const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const check = tcpCheck("test port", server.port);
    expect(await check.check()).toBe(true);
    server.stop(true);
    expect(await check.check()).toMatch(new RegExp(`127.0.0.1:${server.port}`));
  });

  it("commandCheck reports the exit code", async () => {
    expect(await commandCheck("true", realRunner, ["true"]).check()).toBe(true);
    expect(await commandCheck("false", realRunner, ["sh", "-c", "echo broken >&2; exit 3"]).check()).toBe("sh -c echo broken >&2; exit 3 exited 3: broken");
  });
});
