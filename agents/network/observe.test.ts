import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MapMemo } from "../monitor/fixture.ts";
import { cached, daemons } from "./observe.ts";

describe("network observe caches", () => {
  it("reuses a good probe answer for its interval, and asks again when stale, bad, or about another address", async () => {
    const memo = new MapMemo();
    let n = 0;
    const ask = (reachable: boolean | null) => async () => { n++; return { address: "a", reachable }; };
    const good = (p: { reachable: boolean | null }) => p.reachable !== false;
    await cached(memo, "k", "a", 0, 60_000, good, ask(true));
    await cached(memo, "k", "a", 30_000, 60_000, good, ask(true));
    expect(n).toBe(1);
    await cached(memo, "k", "b", 31_000, 60_000, good, ask(true));   // another address
    await cached(memo, "k", "b", 91_000, 60_000, good, ask(false));  // stale
    expect(await cached(memo, "k", "b", 92_000, 60_000, good, ask(false))).toMatchObject({ reachable: false }); // a "no" is asked again
    expect(n).toBe(4);
  });

  it("finds udhcpc and chronyd, and scans /proc again only when one of them is gone", () => {
    const root = mkdtempSync(join(tmpdir(), "aios-net-daemons-"));
    const put = (pid: number, cmd: string) => { mkdirSync(join(root, "proc", String(pid)), { recursive: true }); writeFileSync(join(root, "proc", String(pid), "cmdline"), cmd); };
    try {
      const memo = new MapMemo();
      put(10, "/usr/bin/busybox\0udhcpc\0-f\0");
      expect(daemons(root, memo)).toEqual({ dhcp: true, ntp: false });
      put(11, "/usr/sbin/chronyd\0-d\0");
      expect(daemons(root, memo)).toEqual({ dhcp: true, ntp: true }); // one was missing: scanned again
      expect(memo.get("daemons")).toEqual({ dhcp: "10", ntp: "11" });
      rmSync(join(root, "proc", "10"), { recursive: true });
      put(12, "/usr/bin/busybox\0udhcpc\0-f\0");
      expect(daemons(root, memo)).toEqual({ dhcp: true, ntp: true });
      expect(memo.get("daemons")).toEqual({ dhcp: "12", ntp: "11" });
      rmSync(join(root, "proc", "12"), { recursive: true });
      expect(daemons(root, memo)).toEqual({ dhcp: false, ntp: true });
    } finally { rmSync(root, { recursive: true, force: true }); }
  });
});
