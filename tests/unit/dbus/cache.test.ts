// The bridge's view of init: diffs between status answers, events applied at once, uptime aged on read.
import { describe, expect, it } from "vitest";
import { ServiceCache, type ServiceInfo } from "../../../consoles/dbus/cache.ts";

const svc = (name: string, over: Partial<ServiceInfo> = {}): ServiceInfo => ({
  name, description: name, kind: "longrun", state: "ready", pid: 100, uptime_s: 5, restarts: 0, reason: null, last_exit: null, ...over,
});
const boot = { uptime_s: 1, ready: true, state_device: "ram", pid1: false };

describe("ServiceCache", () => {
  it("reports services added, removed and changed between status answers", () => {
    const cache = new ServiceCache(() => 0);
    expect(cache.replace({ boot, services: [svc("a"), svc("b")] })).toEqual({ added: ["a", "b"], removed: [], changed: [] });
    const diff = cache.replace({ boot, services: [svc("a", { uptime_s: 9 }), svc("c")].concat(svc("b", { restarts: 1, pid: 101 })) });
    expect(diff.added).toEqual(["c"]);
    expect(diff.changed.map((c) => [c.id, c.old.pid])).toEqual([["b", 100]]); // uptime alone is no change
    expect(cache.replace({ boot, services: [svc("c")] }).removed).toEqual(["a", "b"]);
    expect(cache.ids()).toEqual(["c"]);
  });

  it("applies an event before the next refresh, restarting the uptime on a new pid", () => {
    let now = 0;
    const cache = new ServiceCache(() => now);
    cache.replace({ boot, services: [svc("a")] });
    now = 2000;
    expect(cache.uptime("a")).toBe(7);
    const old = cache.apply({ service: "a", to: "backoff", reason: "killed by SIGKILL", pid: null });
    expect(old?.state).toBe("ready");
    expect(cache.get("a")).toMatchObject({ state: "backoff", pid: null, reason: "killed by SIGKILL" });
    expect(cache.uptime("a")).toBe(0);
    cache.apply({ service: "a", to: "starting", reason: null, pid: 200 });
    now = 3500;
    expect(cache.uptime("a")).toBe(1.5);
    expect(cache.get("a")?.reason).toBe("killed by SIGKILL"); // a null reason keeps the last one
    expect(cache.apply({ service: "zz", to: "ready", reason: null, pid: 1 })).toBeUndefined();
  });
});
