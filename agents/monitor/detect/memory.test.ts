import { describe, expect, it } from "vitest";
import { dctx, obs } from "../fixture.ts";
import type { MemoryObs } from "../observation.ts";
import { memoryPressure, oomKill } from "./memory.ts";

const GiB = 1024 ** 3;
const mem = (part: Partial<MemoryObs> = {}): MemoryObs => ({
  totalBytes: 4 * GiB, availableBytes: 2 * GiB, psi: { someAvg10: 0, someAvg60: 0, fullAvg10: 0, fullAvg60: 0 }, oomKills: 3, oomKillsNew: 0,
  top: [{ pid: 9, name: "hungry", rssKb: 3_000_000 }, { pid: 10, name: "small", rssKb: 1000 }], ...part,
});

describe("memory.pressure", () => {
  it("is quiet on a healthy machine", () => {
    expect(memoryPressure.detect(obs(1, { memory: mem() }), dctx())).toEqual([]);
  });

  it("fires on PSI stall time, with the top consumers as evidence", () => {
    const f = memoryPressure.detect(obs(1, { memory: mem({ psi: { someAvg10: 50, someAvg60: 35, fullAvg10: 2, fullAvg60: 1 } }) }), dctx());
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: "memory.pressure", key: "memory.pressure", severity: "warning" });
    expect(f[0]!.evidence).toContain("pid 9 hungry: 2930 MiB resident");
  });

  it("fires on low MemAvailable only when two readings running say so", () => {
    const low = mem({ psi: null, availableBytes: 0.08 * GiB });
    expect(memoryPressure.detect(obs(2, { memory: low }), dctx([obs(1, { memory: mem({ psi: null }) })]))).toEqual([]);
    const f = memoryPressure.detect(obs(2, { memory: low }), dctx([obs(1, { memory: low })]));
    expect(f[0]).toMatchObject({ severity: "critical", facts: { available_percent: 2 } });
  });
});

describe("memory.oom_kill", () => {
  it("fires when the kernel's oom_kill counter went up, one incident per count", () => {
    expect(oomKill.detect(obs(1, { memory: mem() }), dctx())).toEqual([]);
    const f = oomKill.detect(obs(1, { memory: mem({ oomKills: 5, oomKillsNew: 2 }) }), dctx());
    expect(f[0]).toMatchObject({ kind: "memory.oom_kill", key: "memory.oom_kill:5", severity: "critical", summary: "the kernel killed 2 processes for lack of memory" });
    expect(f[0]!.facts.top).toHaveLength(2);
  });
});
