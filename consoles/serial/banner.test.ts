import { describe, expect, it } from "vitest";
import { Banner } from "./banner.ts";
import type { BannerFacts } from "./rescue/facts.ts";

const facts = (addr: string): BannerFacts => ({ addresses: [{ name: "eth0", up: true, addrs: [addr] }], web: { port: "9090", bind: "0.0.0.0" }, stateDisk: "/dev/vda on /var/lib/aios (ext4)", init: { ok: false, socket: "/s", why: "down" } });

describe("Banner", () => {
  it("shows the addresses line first, then again only when it changed", () => {
    const b = new Banner();
    expect(b.next(facts("10.0.2.15/24"))).toContain("addresses: eth0 10.0.2.15/24");
    expect(b.next(facts("10.0.2.15/24"))).toBeUndefined();
    expect(b.next(facts("10.0.2.15/24"))).toBeUndefined();
    const changed = b.next(facts("10.0.2.16/24"));
    expect(changed).toContain("addresses: eth0 10.0.2.16/24");
    expect(changed).toContain("web console: https://10.0.2.16:9090/");
    expect(b.next(facts("10.0.2.16/24"))).toBeUndefined();
  });
});
