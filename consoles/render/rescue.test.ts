import { describe, expect, it } from "vitest";
import type { StatusReply } from "../../runtime/control/client.ts";
import type { BannerFacts, RescueFacts } from "../serial/rescue/facts.ts";
import { describeSnapshot, renderBanner, renderRescue, toWidth } from "./rescue.ts";

const HOSTILE = "\u001b[31mred\u001b[0m\u0007\u00ff\u202e\u{1F600}";
const svc = (name: string, state: string, reason: string | null = null): StatusReply["services"][number] =>
  ({ name, description: "", kind: "longrun", state, pid: 42, uptime_s: 9, restarts: 1, reason, last_exit: null });
const status: StatusReply = { boot: { uptime_s: 99, ready: true, state_device: "/dev/vda", pid1: true },
  services: [svc("monitor", "ready"), svc("web", "failed", `died 5 times ${HOSTILE} ${"x".repeat(120)}`), svc(`x${HOSTILE}`.repeat(9), "backoff")] };
const base: BannerFacts = {
  addresses: [{ name: "eth0", up: true, addrs: ["10.0.2.15/24", "fec0::5054:ff:fe12:3456/64", "fe80::1/64"] },
    { name: "wlan0", up: false, addrs: [] },
    ...Array.from({ length: 6 }, (_, i) => ({ name: `br${i}${HOSTILE}`, up: true, addrs: [`192.168.${i}.1/24`, `2001:db8:${i}::1/64`] }))],
  web: { port: "9090", bind: "0.0.0.0" },
  stateDisk: "/dev/vda on /var/lib/aios (ext4)",
  init: { ok: true, status },
};
const entry = (seq: number) => ({ seq, ts: Date.UTC(2026, 10, 5, 12, 0, seq), kind: "tool.call", actor: "agent:network", subject: `firewall.open${HOSTILE}`, data: { port: 8080, why: "x".repeat(300) }, prevHash: "", hash: "" });
const full: RescueFacts = { ...base, audit: { verify: { ok: true, count: 20, head: { seq: 20, hash: "ab" } }, tail: Array.from({ length: 20 }, (_, i) => entry(i + 1)) } };
const down: RescueFacts = { ...base, init: { ok: false, socket: `/run/aios/init.sock${"/deep".repeat(20)}`, why: "no answer within 2 s" },
  audit: { verify: { ok: false, count: 3, brokenAt: 4, reason: "entry 4 was modified (hash mismatch)" }, tail: [] } };

/** Every line fits 80 columns and holds printable ASCII only: no escape reaches a dumb terminal. */
function plain(text: string) {
  for (const line of text.split("\n")) {
    expect(line.length, line).toBeLessThanOrEqual(80);
    expect(line, line).toMatch(/^[\x20-\x7e]*$/);
  }
}

describe("rescue menu rendering", () => {
  it("shows addresses, the web console, services and the verified audit tail within 80 plain columns", () => {
    const text = renderRescue(full);
    plain(text);
    expect(text).toContain("addresses: eth0 10.0.2.15/24 fec0::5054:ff:fe12:3456/64");
    expect(text).not.toContain("fe80::1");
    expect(text).toContain("web console: https://10.0.2.15:9090/ https://[fec0::5054:ff:fe12:3456]:9090/");
    expect(text).toMatch(/monitor\s+ready/);
    expect(text).toMatch(/web\s+failed/);
    expect(text).toContain("audit: chain verified OK (20 entries); the last 20 (UTC):");
    expect(text).toContain("     1 11-05 12:00:01 tool.call agent:network firewall.open?[31mred");
    expect(text).toContain("  1  undo the last change (restore the latest automatic snapshot)");
    expect(text).toContain("  6  open a root shell");
  });

  it("says plainly when init is not answering and when the chain is broken", () => {
    const text = renderRescue(down);
    plain(text);
    expect(text).toContain("services: init is NOT answering on /run/aios/init.sock");
    expect(text).toContain("(no answer within 2 s)");
    expect(text).toContain("audit: chain BROKEN at entry 4: entry 4 was modified (hash mismatch)");
  });

  it("explains how to reach a web console bound to loopback, or with no address yet", () => {
    expect(renderRescue({ ...full, web: { port: "9090", bind: "127.0.0.1" } })).toContain("web console: only on this machine (bind 127.0.0.1): ssh -L 9090:127.0.0.1:9090");
    expect(renderBanner({ ...base, addresses: [{ name: "eth0", up: false, addrs: ["fe80::1/64"] }] })).toContain("addresses: none yet");
  });

  it("says what an undo puts back", () => {
    const text = describeSnapshot({ id: "snap-20261105T120000-abcdef", createdAt: Date.UTC(2026, 10, 5, 12), desc: `firewall.open port 8080 ${HOSTILE}`, auto: true,
      files: [{ path: "/etc/aios/a.toml", existed: true }, { path: `/etc/aios/${"n".repeat(90)}`, existed: false }], nft: true, dpkg: false });
    plain(text);
    expect(text).toContain("undo: restore snapshot snap-20261105T120000-abcdef, taken 11-05 12:00:00 UTC");
    expect(text).toContain("  /etc/aios/a.toml\n");
    expect(text).toContain("  the firewall ruleset");
  });

  it("wraps any text to the width", () => {
    const text = toWidth(`error: ${"word ".repeat(40)}${HOSTILE}\nshort`);
    plain(text);
    expect(text.split("\n").length).toBeGreaterThan(3);
  });
});

describe("banner", () => {
  it("has the addresses, web console, state disk and a health summary", () => {
    const text = renderBanner(base);
    plain(text);
    expect(text).toContain("addresses: eth0 10.0.2.15/24");
    expect(text).toContain("web console: https://10.0.2.15:9090/");
    expect(text).toContain("state disk: /dev/vda on /var/lib/aios (ext4)");
    expect(text).toContain("health: 1/3 up; not up: web (failed), x?[31mred");
    expect(renderBanner({ ...base, init: { ok: true, status: { ...status, services: [svc("monitor", "ready"), svc("setup", "done")] } } })).toContain("health: all 2 services up");
    expect(renderBanner({ ...base, init: { ok: false, socket: "/s", why: "gone" } })).toContain("health: init is not answering");
  });
});
