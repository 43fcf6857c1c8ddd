// Service detection against a real aios init supervising crashing services: a crash init recovers
// from (service.crashed, left alone), a crash loop init gave up on after its death tally
// (service.failed, to a person), and a single death its restart policy does not retry
// (service.failed: one restart through the real services tool, then never another).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../../agents/loop/types.ts";
import { monitorAgent } from "../../../agents/monitor/index.ts";
import { serviceTools } from "../../../tools/services/index.ts";
import { InitServiceControl } from "../../../tools/services/init-control.ts";
import { harness, policy } from "../tools/harness.ts";
import { InitUnderTest } from "../init/fixture.ts";
import { MonitorDriver } from "./monitor-fixture.ts";

const D = "$AIOS_STATE_DIR";
const waitFor = (f: string) => `while [ ! -e ${D}/${f} ]; do sleep 0.05; done`;

describe("monitor: services under a real init", () => {
  const init = new InitUnderTest({
    // Crashes once when told to, then stays up: init restarts it.
    phoenix: `command = ["/bin/sh", "-c", "${waitFor("go")}; test -e ${D}/phoenix.ran && exec sleep 1000; touch ${D}/phoenix.ran; echo 'phoenix: boom' >&2; exit 1"]`,
    // Crashes every time when told to: init gives up after two deaths.
    doomed: `command = ["/bin/sh", "-c", "${waitFor("go")}; echo 'doomed: cannot open database' >&2; exit 3"]\nbackoff = { initial_ms = 10, max_ms = 20 }\ndeath_tally = { count = 2, window_s = 60 }`,
    // Never retried by init: dies once on "go", and again on "go2" after the monitor's one restart.
    single: `restart = "never"\ncommand = ["/bin/sh", "-c", "${waitFor("go")}; test -e ${D}/single.ran && { ${waitFor("go2")}; exit 4; }; touch ${D}/single.ran; exit 4"]`,
  });
  const h = harness(() => serviceTools(new InitServiceControl(init.socket)));
  h.policies.set("monitor", policy("monitor", "normal", ["svc.read", "svc.control"]));
  const byKey = (fs: Finding[], key: string) => fs.find((f) => f.key === key);
  let driver: MonitorDriver;

  beforeAll(async () => {
    await init.start();
    driver = new MonitorDriver(monitorAgent({ samples: () => undefined }), { control_socket: init.socket, flap_restarts: 5 });
  });
  afterAll(async () => { await init.stop(); h.close(); });

  it("sees everything up at first, with nothing to say", async () => {
    for (const id of ["phoenix", "doomed", "single"]) await init.until(() => init.service(id), (s) => s.state === "ready");
    expect((await driver.cycle()).filter((f) => f.kind.startsWith("service."))).toEqual([]);
  });

  it("tells a recovered crash from a death tally from a single death, and decides each", async () => {
    await Bun.write(`${init.dir}/go`, "");
    await init.until(() => init.service("phoenix"), (s) => s.restarts === 1 && s.state === "ready");
    await init.until(() => init.service("doomed"), (s) => s.state === "failed");
    await init.until(() => init.service("single"), (s) => s.state === "failed");
    const fs = await driver.cycle();

    const crashed = byKey(fs, "service.crashed:phoenix")!;
    expect(crashed.facts).toMatchObject({ running: true, new_restarts: 1, exit_code: 1 });
    expect(crashed.evidence).toContain("log: phoenix: boom");
    expect((await driver.choose(crashed)).action).toBe("ignore");

    const tally = byKey(fs, "service.failed:doomed")!;
    expect(tally.facts).toMatchObject({ death_tally: true, restart_spent: false, exit_code: 3 });
    expect(tally.evidence).toContain("log: doomed: cannot open database");
    expect(await driver.choose(tally)).toMatchObject({ action: "escalate", rule: "rules/service.failed/death-tally" });

    const single = byKey(fs, "service.failed:single")!;
    expect(single.facts).toMatchObject({ death_tally: false, restart_spent: false, exit_code: 4 });
    const choice = await driver.choose(single);
    expect(choice).toMatchObject({ action: "restart", params: { service: "single" } });
    const [call] = driver.agent.actions.restart!.calls(choice.params, single);
    const out = await h.registry.call({ agent: "monitor", tool: call!.tool, input: call!.input, why: { reason: choice.reason, tier: "reactive" } });
    expect(out).toMatchObject({ status: "done", risk: "low" }); // a restart after a crash runs by itself
  });

  it("never spends a second restart on a service that fails again", async () => {
    await init.until(() => init.service("single"), (s) => s.state === "ready");
    expect(byKey(await driver.cycle(), "service.failed:single")).toBeUndefined();
    await Bun.write(`${init.dir}/go2`, "");
    await init.until(() => init.service("single"), (s) => s.state === "failed");
    const again = byKey(await driver.cycle(), "service.failed:single")!;
    expect(again.facts).toMatchObject({ restart_spent: true });
    expect(await driver.choose(again)).toMatchObject({ action: "escalate", rule: "rules/service.failed/restart-spent" });
    // And the death tally stays a person's call on every later look, too.
    expect((await driver.choose(byKey(await driver.cycle(), "service.failed:doomed")!)).action).toBe("escalate");
  });
});
