import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../../runtime/audit/log.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { DryRunner } from "../../../runtime/proc/exec.ts";
import { SnapshotStore } from "../../../runtime/snapshots/store.ts";
import { fromInterfaces, parseIpJson, readAddresses } from "./addresses.ts";
import { stateDiskOf } from "./disk.ts";
import { latestAutoSnapshot, readAudit, within } from "./facts.ts";

const IP_JSON = JSON.stringify([
  { ifindex: 1, ifname: "lo", flags: ["LOOPBACK", "UP", "LOWER_UP"], operstate: "UNKNOWN", link_type: "loopback", addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8 }] },
  { ifindex: 2, ifname: "eth0", flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], operstate: "UP", link_type: "ether",
    addr_info: [{ family: "inet", local: "10.0.2.15", prefixlen: 24 }, { family: "inet6", local: "fe80::5054:ff:fe12:3456", prefixlen: 64 }] },
  { ifindex: 3, ifname: "eth1", flags: ["BROADCAST", "MULTICAST"], operstate: "DOWN", link_type: "ether", addr_info: [] },
]);

const MOUNTS = `rootfs / rootfs rw 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/vda /var/lib/aios ext4 rw,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev,mode=755 0 0
/dev/vdb /var/lib/aios\\040old ext4 rw 0 0
`;

describe("addresses", () => {
  it("reads ip -j addr: loopback left out, link state kept", () => {
    expect(parseIpJson(IP_JSON)).toEqual([
      { name: "eth0", up: true, addrs: ["10.0.2.15/24", "fe80::5054:ff:fe12:3456/64"] },
      { name: "eth1", up: false, addrs: [] },
    ]);
    expect(() => parseIpJson("Object \"addr\" is unknown")).toThrow();
  });

  it("falls back to the kernel's interface list when ip fails", async () => {
    const list = { lo: [{ address: "127.0.0.1", netmask: "255.0.0.0", family: "IPv4" as const, mac: "", internal: true, cidr: "127.0.0.1/8" }],
      eth0: [{ address: "10.0.2.15", netmask: "255.255.255.0", family: "IPv4" as const, mac: "", internal: false, cidr: "10.0.2.15/24" }] };
    expect(fromInterfaces(list)).toEqual([{ name: "eth0", up: true, addrs: ["10.0.2.15/24"] }]);
    const broken = new DryRunner(() => ({ code: 1, stdout: "" }));
    expect(Array.isArray(await readAddresses(broken))).toBe(true);
    expect(await readAddresses(new DryRunner(() => ({ stdout: IP_JSON })))).toHaveLength(2);
  });
});

describe("state disk", () => {
  it("names the mount that holds the state folder", () => {
    expect(stateDiskOf(MOUNTS, "/var/lib/aios")).toBe("/dev/vda on /var/lib/aios (ext4)");
    expect(stateDiskOf(MOUNTS, "/var/lib/aios/snapshots")).toBe("/dev/vda on /var/lib/aios (ext4)");
    expect(stateDiskOf(MOUNTS, "/var/lib/aios old")).toBe("/dev/vdb on /var/lib/aios old (ext4)");
    expect(stateDiskOf(MOUNTS, "/var/lib/aiosx")).toContain("RAM");
    expect(stateDiskOf(MOUNTS, "/run/aios")).toContain("RAM (tmpfs)");
    expect(stateDiskOf("", "/x")).toContain("unknown");
  });
});

describe("audit and snapshots", () => {
  const dir = mkdtempSync(join(tmpdir(), "aios-rescue-facts-"));
  beforeAll(() => {
    const db = openDatabase(join(dir, "audit.db"));
    const log = new AuditLog(db);
    for (let i = 0; i < 25; i++) log.append({ kind: "service.state", actor: "init", subject: `svc${i}`, data: { state: "ready" } });
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the last 20 entries with the chain verified, and an absent log as empty", () => {
    const a = readAudit(20, join(dir, "audit.db"));
    if ("error" in a) throw new Error(a.error);
    expect(a.verify).toMatchObject({ ok: true, count: 25 });
    expect(a.tail.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 6));
    expect(readAudit(20, join(dir, "none.db"))).toMatchObject({ verify: { ok: true, count: 0 }, tail: [] });
    const broken = openDatabase(join(dir, "audit.db"));
    broken.run("UPDATE audit_log SET subject = 'edited' WHERE seq = 3");
    broken.close();
    expect(readAudit(20, join(dir, "audit.db"))).toMatchObject({ verify: { ok: false, brokenAt: 3 } });
  });

  it("finds the newest automatic snapshot, not a manual one", async () => {
    let t = 1000;
    const store = new SnapshotStore(join(dir, "snaps"), { runner: new DryRunner(), now: () => (t += 1000) });
    writeFileSync(join(dir, "f"), "x");
    expect(latestAutoSnapshot(join(dir, "snaps"))).toBeUndefined();
    await store.create("first change", { files: [join(dir, "f")], nft: false, dpkg: false }, true);
    const last = await store.create("second change", { files: [join(dir, "f")], nft: false, dpkg: false }, true);
    await store.create("by hand", { files: [], nft: false, dpkg: false }, false);
    expect(latestAutoSnapshot(join(dir, "snaps"))?.id).toBe(last.id);
    expect(latestAutoSnapshot(join(dir, "absent"))).toBeUndefined();
  });

  it("gives up on a slow answer", async () => {
    expect(await within(new Promise(() => {}), 10, () => "late")).toBe("late");
    expect(await within(Promise.resolve("now"), 1000, () => "late")).toBe("now");
  });
});
