// The /proc readers against fixture files laid out as /proc is (tests/unit/metrics/proc), and the host
// families they become, under node_exporter's names.
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import type { StatsFs } from "node:fs";
import { readStat } from "../../../runtime/metrics/host/cpu.ts";
import { parseMounts, readFilesystems } from "../../../runtime/metrics/host/filesystem.ts";
import { parseLoadavg, readLoadavg } from "../../../runtime/metrics/host/load.ts";
import { readMeminfo } from "../../../runtime/metrics/host/memory.ts";
import { readNetDev } from "../../../runtime/metrics/host/network.ts";
import { readUname } from "../../../runtime/metrics/host/uname.ts";
import { hostSources } from "../../../consoles/web/metrics/host.ts";
import { scrape } from "../../../consoles/web/metrics/scrape.ts";

const proc = fileURLToPath(new URL("./proc", import.meta.url));

describe("host readers", () => {
  it("reads CPU seconds per cpu and mode, and the boot time, from /proc/stat", () => {
    const st = readStat(proc);
    expect(st.cpus.map((c) => c.cpu)).toEqual(["0", "1"]);
    expect(st.cpus[0]!.seconds).toEqual({ user: 11.32, nice: 0.34, system: 14.41, idle: 113117.18, iowait: 36.75, irq: 1.27, softirq: 4.38, steal: 0 });
    expect(st.cpus[1]!.seconds.steal).toBe(0.07);
    expect(st).toMatchObject({ bootTime: 1062191376, contextSwitches: 1990473, forks: 2915, running: 1, blocked: 0 });
  });

  it("names meminfo fields as node_exporter does, kB in bytes", () => {
    const m = Object.fromEntries(readMeminfo(proc).map((f) => [f.name, f]));
    expect(m.MemTotal).toEqual({ name: "MemTotal", value: 2027112 * 1024, bytes: true });
    expect(m.Active_anon?.value).toBe(81920 * 1024);
    expect(m.HugePages_Total).toEqual({ name: "HugePages_Total", value: 0, bytes: false });
  });

  it("reads load averages and refuses a garbled file", () => {
    expect(readLoadavg(proc)).toEqual({ load1: 0.52, load5: 0.31, load15: 0.12 });
    expect(() => parseLoadavg("nonsense")).toThrow("unreadable loadavg");
  });

  it("reads per-device traffic from /proc/net/dev", () => {
    const eth0 = readNetDev(proc).find((d) => d.device === "eth0")!;
    expect(eth0.receive).toEqual({ bytes: 778480324, packets: 512345, errs: 2, drop: 5 });
    expect(eth0.transmit).toEqual({ bytes: 12345678, packets: 98765, errs: 1, drop: 3 });
  });

  it("keeps real filesystems, skips pseudo ones and kernel mount points, decodes escapes", () => {
    const text = `proc /proc proc rw 0 0\n/dev/sr0 /run/live/medium iso9660 ro 0 0\noverlay / overlay rw 0 0\ntmpfs /run tmpfs rw 0 0\n/dev/vdb1 /var/lib/aios ext4 rw 0 0\n/dev/vdc1 /mnt/my\\040disk ext4 ro,relatime 0 0\n/dev/vdb1 /var/lib/aios ext4 rw 0 0\n`;
    expect(parseMounts(text)).toEqual([
      { device: "tmpfs", mountpoint: "/run", fstype: "tmpfs", readonly: false },
      { device: "/dev/vdb1", mountpoint: "/var/lib/aios", fstype: "ext4", readonly: false },
      { device: "/dev/vdc1", mountpoint: "/mnt/my disk", fstype: "ext4", readonly: true },
    ]);
    const fake = (p: string) => {
      if (p === "/mnt/my disk") throw new Error("EACCES");
      return { bsize: 4096, blocks: 1000, bfree: 400, bavail: 300, files: 64, ffree: 60 } as StatsFs;
    };
    const fs = readFilesystems(proc, fake);
    expect(fs.map((f) => f.mountpoint)).toEqual(["/run", "/var/lib/aios"]);
    expect(fs[1]).toMatchObject({ size: 4096000, free: 1638400, avail: 1228800, files: 64, filesFree: 60 });
  });

  it("reads uname's strings from /proc/sys/kernel", () => {
    expect(readUname(proc, "x86_64")).toEqual({ sysname: "Linux", release: "6.1.0-aios", version: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.0", machine: "x86_64", nodename: "aios", domainname: "(none)" });
  });
});

describe("host families", () => {
  it("exposes node_exporter's names and labels", async () => {
    const { text, failures } = await scrape(hostSources(proc));
    expect(failures).toEqual([]);
    for (const line of [
      'node_cpu_seconds_total{cpu="1",mode="idle"} 113138.45',
      "node_memory_MemAvailable_bytes 1536000000",
      "node_memory_HugePages_Total 0",
      "node_load15 0.12",
      "node_boot_time_seconds 1062191376",
      'node_network_transmit_bytes_total{device="eth0"} 12345678',
      'node_uname_info{sysname="Linux",release="6.1.0-aios",',
      'aios_scrape_source_up{source="filesystem"} 1',
    ]) expect(text).toContain(line);
    expect(text).toContain("# TYPE node_cpu_seconds_total counter");
  });

  it("drops only the families of a file that cannot be read", async () => {
    const { text, failures } = await scrape(hostSources("/nonexistent-proc"));
    expect(failures.map((f) => f.source).sort()).toEqual(["filesystem", "loadavg", "meminfo", "netdev", "stat"]);
    expect(text).toContain('aios_scrape_source_up{source="stat"} 0');
    expect(text).not.toContain("node_cpu_seconds_total");
    expect(text).toContain('aios_scrape_source_up{source="uname"} 1'); // its files are optional
  });
});
