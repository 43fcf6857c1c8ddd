import { describe, expect, it } from "vitest";
import { dctx, obs, svc } from "../fixture.ts";
import { serviceCrashed, serviceFailed, serviceFlapping } from "./services.ts";

const exit3 = { code: 3, signal: null, at: 1 };

describe("service.crashed", () => {
  it("fires when restarts went up since last seen, with running in facts", () => {
    const f = serviceCrashed.detect(obs(1, { services: [svc("web", { restarts: 1, lastExit: exit3, logTail: ["boom"] })] }), dctx());
    expect(f[0]).toMatchObject({ kind: "service.crashed", key: "service.crashed:web", facts: { running: true, new_restarts: 1, exit_code: 3 } });
    expect(f[0]!.evidence).toContain("log: boom");
  });

  it("is quiet when nothing changed, on first sight, and for failed services (service.failed's)", () => {
    expect(serviceCrashed.detect(obs(1, { services: [svc("web", { restarts: 2, seen: { restarts: 2, state: "ready" } })] }), dctx())).toEqual([]);
    expect(serviceCrashed.detect(obs(1, { services: [svc("web", { restarts: 2, seen: null })] }), dctx())).toEqual([]);
    expect(serviceCrashed.detect(obs(1, { services: [svc("web", { restarts: 2, state: "failed" })] }), dctx())).toEqual([]);
  });
});

describe("service.failed", () => {
  it("fires for a service init gave up on, saying whether it was the death tally", () => {
    const tally = svc("db", { state: "failed", lastFailure: "exited 3; died 10 times in 60 s", reason: "exited 3; died 10 times in 60 s", restartSpent: true });
    const once = svc("job", { state: "failed", lastFailure: "exited 1", reason: "exited 1", lastExit: exit3 });
    const bad = svc("bad", { state: "failed", lastFailure: "cannot start: ENOENT", reason: "cannot start: ENOENT" });
    const f = serviceFailed.detect(obs(1, { services: [tally, once, svc("fine"), bad] }), dctx());
    expect(f.map((x) => [x.key, x.facts.death_tally, x.facts.cannot_start, x.facts.restart_spent, x.facts.running])).toEqual([
      ["service.failed:db", true, false, true, false], ["service.failed:job", false, false, false, false], ["service.failed:bad", false, true, false, false]]);
    expect(f[0]!.severity).toBe("critical");
  });
});

describe("service.flapping", () => {
  const at = (t: number, restarts: number) => obs(t * 1000, { services: [svc("web", { restarts })] });

  it("counts restarts back through the history within flap_window_s", () => {
    const history = [at(0, 0), at(100, 1), at(200, 2)];
    expect(serviceFlapping.detect(at(300, 3), dctx(history, { flap_restarts: 3, flap_window_s: 600 }))[0]).toMatchObject({
      kind: "service.flapping", key: "service.flapping:web", facts: { restarts_in_window: 3 } });
  });

  it("ignores restarts older than the window and fewer than flap_restarts", () => {
    const history = [at(0, 0), at(100, 1), at(200, 2)];
    expect(serviceFlapping.detect(at(300, 3), dctx(history, { flap_restarts: 3, flap_window_s: 250 }))).toEqual([]);
    expect(serviceFlapping.detect(at(300, 2), dctx(history, { flap_restarts: 3, flap_window_s: 600 }))).toEqual([]);
  });
});
