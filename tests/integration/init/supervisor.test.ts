// The supervisor with real processes and signals: ordering on readiness, restarts, the death tally,
// orphan reaping, stopping in reverse order, logs, and operator services.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { InitUnderTest } from "./fixture.ts";
import { parseStat } from "../../../init/reaper.ts";


describe("aios init on a host", () => {
  let init: InitUnderTest;
  beforeAll(async () => {
    const dir = "$AIOS_STATE_DIR";
    init = new InitUnderTest({
      // "slow" becomes ready only when its file appears, 300 ms after start; "after" must wait for it.
      slow: `command = ["/bin/sh", "-c", "sleep 0.3; touch ${dir}/slow.ready; exec sleep 1000"]\nready = { file = "PLACEHOLDER" }`,
      after: `command = ["/bin/sh", "-c", "test -e ${dir}/slow.ready && echo saw-slow-ready; exec sleep 1000"]\ndepends_on = ["slow"]`,
      flappy: `command = ["/bin/sh", "-c", "echo dying >&2; exit 3"]\nbackoff = { initial_ms = 10, max_ms = 50 }\ndeath_tally = { count = 4, window_s = 60 }`,
      victim: `command = ["/bin/sleep", "1000"]`,
      forker: `command = ["/bin/sh", "-c", "for i in 1 2 3 4 5; do (sleep 0.2 &) ; done; exec sleep 1000"]`,
      once: `kind = "oneshot"\ncommand = ["/bin/sh", "-c", "echo oneshot-ran"]`,
      // "late" misses its 300 ms readiness deadline (degraded) and gets there after 1.5 s.
      late: `command = ["/bin/sh", "-c", "sleep 1.5; touch ${dir}/late.ready; exec sleep 1000"]\nready = { file = "PLACEHOLDER", timeout_ms = 300, on_timeout = "degrade" }`,
      needsonce: `command = ["/bin/sleep", "1000"]\ndepends_on = ["once"]`,
      // Started with its own umask; the next service started gets init's own again.
      masked: `kind = "oneshot"\ncommand = ["/bin/sh", "-c", "echo mask=$(umask)"]\numask = "0007"`,
      unmasked: `kind = "oneshot"\ncommand = ["/bin/sh", "-c", "echo mask=$(umask)"]\ndepends_on = ["masked"]`,
    }, {
      extra: `command = ["/bin/sleep", "1000"]\ndepends_on = ["victim"]`,
      broken: `command = ["/bin/sleep", "1000"]\nrestrat = "always"`,
    });
    // The readiness file lives in the scratch dir, known only now.
    const db = JSON.parse(readFileSync(`${init.dir}/services.json`, "utf8"));
    db.services.find((s: { id: string }) => s.id === "slow").ready.path = `${init.dir}/slow.ready`;
    db.services.find((s: { id: string }) => s.id === "late").ready.path = `${init.dir}/late.ready`;
    await Bun.write(`${init.dir}/services.json`, JSON.stringify(db));
    await init.start();
  });
  afterAll(async () => { await init.stop(); });

  it("starts a dependent only after its dependency is ready", async () => {
    const after = await init.until(() => init.service("after"), (s) => s.state === "ready");
    expect(after.pid).toBeGreaterThan(0);
    const logs = await init.call<{ lines: { line: string }[] }>("GET", "/v1/logs?service=after");
    expect(logs.lines.map((l) => l.line)).toContain("saw-slow-ready");
  });

  it("marks a service that misses its readiness deadline degraded, and ready once it gets there", async () => {
    const late = await init.until(() => init.service("late"), (s) => s.state === "ready");
    const logs = await init.call<{ lines: { line: string }[] }>("GET", "/v1/logs?service=late");
    const changes = logs.lines.map((l) => l.line).filter((l) => l.includes("→"));
    expect(changes).toEqual(["stopped → waiting", "waiting → starting", "starting → degraded (not ready after 300 ms)", "degraded → ready"]);
    expect(late.pid).toBeGreaterThan(0);
  });

  it("starts a service with the umask its file gives, and no other with it", async () => {
    const line = async (id: string) => {
      await init.until(() => init.service(id), (s) => s.state === "done");
      return (await init.call<{ lines: { line: string }[] }>("GET", `/v1/logs?service=${id}`)).lines.map((l) => l.line).find((l) => l.startsWith("mask="));
    };
    expect(await line("masked")).toBe("mask=0007");
    expect(await line("unmasked")).toBe(`mask=0${process.umask().toString(8).padStart(3, "0")}`);
  });

  it("runs oneshots before their dependents and reports them done", async () => {
    expect((await init.until(() => init.service("needsonce"), (s) => s.state === "ready")).pid).toBeGreaterThan(0);
    expect((await init.service("once")).state).toBe("done");
  });

  it("brings a SIGKILLed service back, every time", async () => {
    for (let i = 1; i <= 5; i++) {
      const before = await init.until(() => init.service("victim"), (s) => s.state === "ready");
      process.kill(before.pid!, "SIGKILL");
      const after = await init.until(() => init.service("victim"), (s) => s.state === "ready" && s.pid !== before.pid);
      expect(after.restarts).toBe(i);
      expect(after.last_exit?.signal).toBe("SIGKILL");
    }
  });

  it("gives up on a crash loop after the death tally", async () => {
    const s = await init.until(() => init.service("flappy"), (s) => s.state === "failed");
    expect(s.reason).toContain("died 4 times in 60 s");
    expect(s.last_exit?.code).toBe(3);
    const logs = await init.call<{ lines: { stream: string; line: string }[] }>("GET", "/v1/logs?service=flappy&n=100");
    expect(logs.lines.filter((l) => l.stream === "err" && l.line === "dying")).toHaveLength(4);
  });

  it("reaps orphans left by double-forking services", async () => {
    await init.until(() => init.service("forker"), (s) => s.state === "ready");
    const zombies = () => readdirSync("/proc").filter((p) => /^\d+$/.test(p)).flatMap((p) => {
      try { const st = parseStat(readFileSync(`/proc/${p}/stat`, "utf8")); return st?.state === "Z" && st.ppid === init.proc!.pid ? [p] : []; } catch { return []; }
    });
    const orphans = () => readdirSync("/proc").filter((p) => /^\d+$/.test(p)).filter((p) => {
      try { return parseStat(readFileSync(`/proc/${p}/stat`, "utf8"))?.ppid === init.proc!.pid && readFileSync(`/proc/${p}/cmdline`, "utf8").startsWith("sleep\u00000.2"); } catch { return false; }
    });
    await init.until(async () => orphans().length, (n) => n === 0); // the sleeps were adopted and ended
    expect(await init.until(async () => zombies().length, (n) => n === 0)).toBe(0);
  });

  it("accepts good operator services and skips bad ones with a clear error", async () => {
    expect((await init.until(() => init.service("extra"), (s) => s.state === "ready")).pid).toBeGreaterThan(0);
    expect((await init.status()).services.map((s) => s.name)).not.toContain("broken");
    expect(init.output).toContain(`skipped operator service: ${init.dir}/ops/broken.toml:2: restrat: unknown key`);
  });

  it("stops, starts and restarts on request and answers unknown services with 404", async () => {
    await init.call("POST", "/v1/services/victim/stop");
    expect((await init.service("victim")).state).toBe("stopped");
    await init.call("POST", "/v1/services/victim/start");
    await init.until(() => init.service("victim"), (s) => s.state === "ready");
    await expect(init.call("POST", "/v1/services/nope/start")).rejects.toThrow('no such service "nope"');
    await expect(init.call("POST", "/v1/notify", { service: "victim" })).rejects.toThrow("status");
  });

  it("stops everything in reverse dependency order on SIGTERM and exits cleanly", async () => {
    const code = await init.stop();
    expect(code).toBe(0);
    const out = readFileSync(`${init.dir}/log/after.log`, "utf8");
    const slowLog = readFileSync(`${init.dir}/log/slow.log`, "utf8");
    const at = (log: string, what: string) => log.split("\n").find((l) => l.includes(what))!.split(" ")[0]!;
    expect(at(out, "stopping → stopped") <= at(slowLog, "ready → stopping")).toBe(true);
    expect(existsSync(`${init.dir}/log/victim.log`)).toBe(true);
  });
});

describe("the event stream", () => {
  it("streams state changes as NDJSON, from a sequence number on", async () => {
    const init = new InitUnderTest({ one: `command = ["/bin/sleep", "1000"]` });
    await init.start();
    try {
      await init.until(() => init.service("one"), (s) => s.state === "ready");
      const kept = await init.call<{ events: { seq: number; service: string; to: string }[] }>("GET", "/v1/events?since=0");
      expect(kept.events.map((e) => e.to)).toEqual(["waiting", "starting", "ready"]);
      const res = await fetch(`http://init/v1/events?follow=1&since=${kept.events.at(-1)!.seq}`, { unix: init.socket } as RequestInit);
      const reader = res.body!.getReader();
      await init.call("POST", "/v1/services/one/restart");
      let text = "";
      while (!text.includes('"to":"ready"')) text += new TextDecoder().decode((await reader.read()).value);
      const seen = text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { to: string; service: string });
      expect(seen.map((e) => e.to)).toEqual(["stopping", "stopped", "waiting", "starting", "ready"]);
      await reader.cancel();
      await expect(init.call("GET", "/v1/events?since=-1")).rejects.toThrow("since must be");
    } finally { await init.stop(); }
  });
});
