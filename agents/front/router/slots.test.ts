import { describe, expect, it } from "vitest";
import { route } from "./index.ts";
import { lift } from "./spans.ts";
import { findTime } from "./time.ts";
import { damerau } from "./typo.ts";

// A fixed Wednesday, 2026-03-04 15:30 local time.
const NOW = new Date(2026, 2, 4, 15, 30).getTime();
const midnight = (y: number, m: number, d: number) => new Date(y, m - 1, d).getTime();
const since = (text: string) => findTime(text.split(" "), NOW)?.since;

describe("spans", () => {
  it("lifts keys, addresses, prefixes, ports with protocols, paths, incidents, snapshot ids and dates", () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx2b3ZlbHlrZXk me@laptop";
    expect(lift(`add ${key}`).found).toMatchObject({ key, keyComment: "me@laptop" });
    expect(lift("block 203.0.113.7 now").found.addr).toBe("203.0.113.7");
    expect(lift("deny 198.51.100.0/24").found.addr).toBe("198.51.100.0/24");
    expect(lift("ban 2001:DB8::1/64").found.addr).toBe("2001:db8::1/64");
    expect(lift("block 300.1.1.1").found.addr).toBeUndefined();
    expect(lift("open 443/udp").found).toMatchObject({ port: 443, proto: "udp" });
    expect(lift("how big is /var/log/").found.path).toBe("/var/log");
    expect(lift("explain #12").found.incident).toBe(12);
    expect(lift("restore snap-20260301T120000-a1b2c3").found.snapshot).toBe("snap-20260301T120000-a1b2c3");
    expect(lift("since 2026-03-01").found.date).toBe(midnight(2026, 3, 1));
  });
});

describe("time expressions", () => {
  it("resolves relative times against now", () => {
    expect(since("since yesterday")).toBe(midnight(2026, 3, 3));
    expect(since("today")).toBe(midnight(2026, 3, 4));
    expect(since("this morning")).toBe(midnight(2026, 3, 4));
    expect(since("in the last hour")).toBe(NOW - 3_600_000);
    expect(since("last 2 days")).toBe(NOW - 2 * 86_400_000);
    expect(since("past few minutes")).toBe(NOW - 3 * 60_000);
    expect(since("3 hours ago")).toBe(NOW - 3 * 3_600_000);
    expect(since("since monday")).toBe(midnight(2026, 3, 2));
    expect(since("since wednesday")).toBe(midnight(2026, 2, 25));
    expect(since("this week")).toBe(midnight(2026, 3, 2));
    expect(since("the last 50 lines")).toBeUndefined();
  });
});

describe("typo distance", () => {
  it("counts an adjacent transposition as one edit", () => {
    expect(damerau("restrat", "restart", 2)).toBe(1);
    expect(damerau("consle", "console", 2)).toBe(1);
    expect(damerau("abc", "xyz", 1)).toBe(2);
  });
});

describe("slots through route()", () => {
  const r = (text: string, ctx = {}) => route(text, { now: NOW, ...ctx });
  it("ports, protocols and purposes", () => {
    expect(r("open port 8080 for my web app")).toMatchObject({ intent: "firewall.open_port", slots: { port: 8080, proto: "tcp", purpose: "web app" }, missing: [] });
    expect(r("open port 443/udp").slots).toMatchObject({ port: 443, proto: "udp" });
    expect(r("allow udp port 53").slots).toMatchObject({ port: 53, proto: "udp" });
  });
  it("service names and aliases, built in and from the context", () => {
    expect(r("restart the web console").slots.service).toBe("web");
    expect(r("restart sshd").slots.service).toBe("ssh");
    expect(r("restart the ssh server", { services: ["dropbear", "web"] }).slots.service).toBe("dropbear");
    expect(r("stop the model runtime").slots.service).toBe("models");
    expect(r("restart chrony").slots.service).toBe("ntp");
    expect(r("stop the time sync service").slots.service).toBe("ntp");
    expect(r("restart grafana-server", { services: ["grafana-server"] }).slots.service).toBe("grafana-server");
  });
  it("packages, users, keys, incidents, snapshots, lines, autonomy, times", () => {
    expect(r("install htop").slots.package).toBe("htop");
    expect(r("instal python3-venv").slots.package).toBe("python3-venv");
    expect(r("is nginx installed").slots.package).toBe("nginx");
    expect(r("create a user called alice").slots.user).toBe("alice");
    expect(r("remove user bob", { users: ["bob"] }).slots.user).toBe("bob");
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx2b3ZlbHlrZXk me@laptop";
    expect(r(`add my key ${key}`).slots).toMatchObject({ key, label: "me@laptop" });
    expect(r("remove the key me@laptop").slots.label).toBe("me@laptop");
    expect(r("explain incident 4").slots.incident).toBe(4);
    expect(r("what about #12").slots.incident).toBe(12);
    expect(r("show the last 50 lines of the ssh log").slots).toMatchObject({ service: "ssh", lines: 50 });
    expect(r("stop fixing things by yourself").slots.autonomy).toBe("off");
    expect(r("only propose changes").slots.autonomy).toBe("propose");
    expect(r("what changed since yesterday?").slots.since).toBe(midnight(2026, 3, 3));
    expect(r("block 203.0.113.7").slots.addr).toBe("203.0.113.7");
  });
  it("never reports a slot its intent does not read", () => {
    expect(r("reboot 203.0.113.7 port 80").slots).toEqual({});
  });
});
