import { describe, expect, it } from "vitest";
import { dctx, obs } from "../fixture.ts";
import type { ProcCpu } from "../observation.ts";
import { cpuHog } from "./cpu-hog.ts";

const p = (cpuPercent: number, part: Partial<ProcCpu> = {}): ProcCpu => ({ pid: 4242, start: 777, name: "burn", cmdline: "burn --hard", cpuPercent, rssKb: 1000, ...part });
/** Readings every 5 s from t=0; each covers the 5 s before it. */
const series = (pcts: (ProcCpu | null)[]) => pcts.map((q, i) => obs((i + 1) * 5000, { procs: q ? [q] : [] }));
const settings = { cpu_hog_percent: 90, cpu_hog_seconds: 20 };

describe("cpu.hog", () => {
  it("fires once a process has stayed above the threshold for cpu_hog_seconds", () => {
    const all = series([p(99), p(98), p(97), p(99)]); // 20 s above
    const f = cpuHog.detect(all.at(-1)!, dctx(all.slice(0, -1), settings));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: "cpu.hog", key: "cpu.hog:4242:777", facts: { pid: 4242, seconds: 20 } });
    expect(f[0]!.evidence[1]).toBe("CPU % per reading: 99, 98, 97, 99");
  });

  it("does not fire before the window is full", () => {
    const all = series([p(99), p(99), p(99)]);
    expect(cpuHog.detect(all.at(-1)!, dctx(all.slice(0, -1), settings))).toEqual([]);
  });

  it("needs it continuously: a dip below the threshold starts the count over", () => {
    const all = series([p(99), p(99), p(40), p(99), p(99)]);
    expect(cpuHog.detect(all.at(-1)!, dctx(all.slice(0, -1), settings))).toEqual([]);
    const gap = series([p(99), p(99), null, p(99), p(99)]);
    expect(cpuHog.detect(gap.at(-1)!, dctx(gap.slice(0, -1), settings))).toEqual([]);
  });

  it("tells a reused pid from the process it replaced", () => {
    const all = series([p(99), p(99), p(99), p(99, { start: 999 })]);
    expect(cpuHog.detect(all.at(-1)!, dctx(all.slice(0, -1), settings))).toEqual([]);
  });

  it("never names the agents, init or kernel threads", () => {
    const all = series([1, 2, 3, 4].map(() => p(100, { excluded: "this agent" })));
    expect(cpuHog.detect(all.at(-1)!, dctx(all.slice(0, -1), settings))).toEqual([]);
  });

  it("says nothing on the first reading (no interval yet)", () => {
    expect(cpuHog.detect(obs(5000, { cpuSince: null, procs: [p(100)] }), dctx([], { ...settings, cpu_hog_seconds: 0 }))).toEqual([]);
  });
});
