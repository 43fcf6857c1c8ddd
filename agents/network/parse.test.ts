// The file parsers take untrusted text: only well-formed values come out.
import { describe, expect, it } from "vitest";
import { parseLease, parseProxy, parseResolvConf, parseTracking } from "./parse.ts";

describe("network parsers", () => {
  it("read resolv.conf nameservers and search, skipping junk", () => {
    expect(parseResolvConf("# c\nsearch lan example.org\nnameserver 10.0.2.3\nnameserver ;rm -rf\nnameserver fd00::1\noptions ndots:2\n"))
      .toEqual({ nameservers: ["10.0.2.3", "fd00::1"], search: ["lan", "example.org"] });
  });

  it("read the lease the udhcpc hook writes", () => {
    const text = "interface=eth0\nip=10.0.2.15/24\nrouter=10.0.2.2\ndns=10.0.2.3 10.0.2.4 $(evil)\ndomain=lan\nlease_s=86400\nbound_at=1700000000\n";
    expect(parseLease(text)).toEqual({ iface: "eth0", ip: "10.0.2.15/24", routers: ["10.0.2.2"], dns: ["10.0.2.3", "10.0.2.4"], domain: "lan", leaseS: 86400, boundAt: 1700000000 });
    expect(parseLease("garbage")).toBeNull();
    expect(parseLease("interface=eth0\ndomain=bad domain;\n")).toMatchObject({ domain: "", leaseS: null });
  });

  it("read chronyc's tracking CSV and a proxy env file", () => {
    expect(parseTracking("A29FC87B,162.159.200.123,3,1700000000.123456789,-0.000012,0.000003,0.000020,-12.345,0.001,0.010,0.000400,0.000100,64.2,Normal\n"))
      .toEqual({ synced: true, stratum: 3, leap: "Normal" });
    expect(parseTracking("00000000,,0,0.000000000,0.000000000,0.000000000,0.000000000,0.000,0.000,0.000,1.000000000,1.000000000,0.0,Not synchronised\n"))
      .toEqual({ synced: false, stratum: 0, leap: "Not synchronised" });
    expect(parseTracking("506 Cannot talk to daemon")).toEqual({ synced: null, stratum: null, leap: null });
    expect(parseProxy('export http_proxy="http://p:3128"\n')).toBe("http://p:3128");
    expect(parseProxy("")).toBe("");
  });
});
