import { describe, expect, it } from "vitest";
import { cpuPercent, parseCpu, parseMeminfo, parseNetDev, readCpu, readDisk, readMem } from "../../../agents/monitor/proc-stats.ts";

describe("/proc readers", () => {
  it("computes CPU use from two /proc/stat readings", () => {
    const a = parseCpu("cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3");
    const b = parseCpu("cpu  150 0 150 900 0 0 0 0 0 0\n");
    expect(a).toEqual({ busy: 200, total: 1000 });
    expect(cpuPercent(a, b)).toBe(50);
    expect(cpuPercent(a, a)).toBe(0);
  });

  it("reads memory as total minus available", () => {
    expect(parseMeminfo("MemTotal:       2000 kB\nMemFree:  10 kB\nMemAvailable:    500 kB\n")).toEqual({ total: 2048000, used: 1536000 });
  });

  it("sums network bytes of every interface but loopback", () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  999       9    0    0    0     0          0         0      999       9    0    0    0     0       0          0
  eth0: 1000      10    0    0    0     0          0         0     2000      20    0    0    0     0       0          0
  eth1:   24       1    0    0    0     0          0         0        6       1    0    0    0     0       0          0`;
    expect(parseNetDev(text)).toEqual({ rx: 1024, tx: 2006 });
  });

  it("reads this machine for real", () => {
    expect(readCpu().total).toBeGreaterThan(0);
    expect(readMem().total).toBeGreaterThan(readMem().used);
    expect(readDisk("/").total).toBeGreaterThan(0);
  });
});
