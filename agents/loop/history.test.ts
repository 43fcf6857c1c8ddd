// The loop's memory of past observations is what its detectors read back and no more: none for a module
// without historyMs (every agent but the monitor), the module's window otherwise, never over 120.
// (It kept the last 120 of every agent's: two hours' worth at a 60 s interval, which a one-hour soak
// saw as the agent host's heap climbing with time.)
import { describe, expect, it } from "vitest";
import { AgentLoop } from "./loop.ts";
import type { AgentModule } from "./types.ts";
import { monitorAgent } from "../monitor/index.ts";

function loop(mod: Partial<AgentModule>, clock: { t: number }, settings: Record<string, unknown> = {}): AgentLoop {
  const full = { name: "x", observe: async () => ({}), detectors: [], rules: {}, actions: {}, ...mod } as AgentModule;
  return new AgentLoop({ spec: { name: "x", settings } as never, mod: full, now: () => clock.t } as never);
}

describe("the loop's observation history", () => {
  it("keeps none when the module's detectors read none", () => {
    const clock = { t: 0 };
    const l = loop({}, clock);
    for (let i = 0; i < 300; i++) { clock.t += 60_000; l.detect({ big: "x".repeat(1000), i }); }
    expect(l.historySize).toBe(0);
  });

  it("keeps the module's window, what its detectors saw of it, and never more than 120", () => {
    const clock = { t: 0 };
    const seen: number[] = [];
    const l = loop({ historyMs: () => 30_000, detectors: [{ name: "d", detect: (_o, ctx) => { seen.push(ctx.history.length); return []; } }] }, clock);
    for (let i = 0; i < 50; i++) { clock.t += 10_000; l.detect({ i }); }
    expect(l.historySize).toBe(4); // now, and 10, 20, 30 s ago
    expect(seen.at(-1)).toBe(4); // the detector saw the ones before this observation
    const wide = loop({ historyMs: () => 1e12 }, clock);
    for (let i = 0; i < 500; i++) { clock.t += 1000; wide.detect({ i }); }
    expect(wide.historySize).toBe(120);
  });

  it("the monitor keeps what cpu-hog and flapping read back (their settings), at its 10 s interval", () => {
    const clock = { t: 0 };
    const l = loop({ historyMs: monitorAgent({ samples: () => undefined as never }).historyMs }, clock, { cpu_hog_seconds: 120, flap_window_s: 600 });
    for (let i = 0; i < 500; i++) { clock.t += 10_000; l.detect({ i }); }
    expect(l.historySize).toBe(67); // 660 s of them
  });
});
