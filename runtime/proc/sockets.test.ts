// /proc/net parsing: address decoding (IPv4, IPv6, IPv4-mapped), listeners, and established peers
// on given ports, read from a /proc/net tree written into a temp dir.
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeAddr, establishedPeers, isListener, parseProcNet, readSockets } from "./sockets.ts";

const HEAD = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const row = (local: string, rem: string, st: string, inode: number) => `   0: ${local} ${rem} ${st} 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;

describe("proc net sockets", () => {
  it("decodes IPv4, IPv6 and IPv4-mapped addresses", () => {
    expect(decodeAddr("0100007F:1F90")).toEqual(["127.0.0.1", 8080]);
    expect(decodeAddr("00000000000000000000000001000000:0016")).toEqual(["::1", 22]);
    expect(decodeAddr("B80D0120000000000000000001000000:01BB")).toEqual(["2001:db8::1", 443]);
    expect(decodeAddr("0000000000000000FFFF00000900710C:0016")).toEqual(["12.113.0.9", 22]);
    expect(decodeAddr("00000000000000000000000000000000:0035")).toEqual(["::", 53]);
  });

  it("finds TCP listeners and bound UDP sockets, not connections", () => {
    const tcp = parseProcNet(HEAD + row("00000000:0016", "00000000:0000", "0A", 11) + row("0100007F:0016", "0200007F:D431", "01", 12), "tcp");
    const udp = parseProcNet(HEAD + row("00000000:0044", "00000000:0000", "07", 13), "udp");
    expect(tcp.filter(isListener).map((s) => [s.local, s.port, s.inode])).toEqual([["0.0.0.0", 22, 11]]);
    expect(udp.filter(isListener).map((s) => s.port)).toEqual([68]);
  });

  it("lists the peers of established sessions on the given ports only", () => {
    const proc = mkdtempSync(join(tmpdir(), "aios-proc-"));
    mkdirSync(join(proc, "net"));
    writeFileSync(join(proc, "net/tcp"), HEAD
      + row("0A00020F:0016", "0202000A:C350", "01", 1)    // 10.0.2.15:22 ← 10.0.2.2
      + row("0A00020F:2382", "0302000A:C351", "01", 2)    // :9090 ← 10.0.2.3
      + row("0A00020F:0050", "0402000A:C352", "01", 3)    // :80, not an operator port
      + row("0A00020F:0016", "0502000A:C353", "06", 4));  // TIME_WAIT: gone
    writeFileSync(join(proc, "net/tcp6"), HEAD + row("0000000000000000FFFF00000602000A:0016", "0000000000000000FFFF00000702000A:C354", "01", 5));
    expect(establishedPeers([22, 9090], proc)).toEqual(["10.0.2.2", "10.0.2.3", "10.0.2.7"]);
    expect(readSockets(join(proc, "missing"))).toEqual([]);
  });
});
