// Host metrics under node_exporter's names, one source per /proc file (or statfs) so that one
// unreadable file only takes its own families away. Read from /proc on each scrape: no process is
// spawned and nothing is cached (the kernel's counters are the state).
import { readStat, CPU_MODES } from "../../../runtime/metrics/host/cpu.ts";
import { readFilesystems } from "../../../runtime/metrics/host/filesystem.ts";
import { readLoadavg } from "../../../runtime/metrics/host/load.ts";
import { readMeminfo } from "../../../runtime/metrics/host/memory.ts";
import { readNetDev } from "../../../runtime/metrics/host/network.ts";
import { readUname } from "../../../runtime/metrics/host/uname.ts";
import type { Source } from "./scrape.ts";

export function hostSources(proc = "/proc"): Source[] {
  return [
    { name: "stat", collect(f) {
      const st = readStat(proc);
      const cpu = f.counter("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.", ["cpu", "mode"]);
      for (const c of st.cpus) for (const mode of CPU_MODES) cpu.set({ cpu: c.cpu, mode }, c.seconds[mode]);
      if (st.bootTime !== undefined) f.gauge("node_boot_time_seconds", "Node boot time, in unixtime.").set(st.bootTime);
      if (st.contextSwitches !== undefined) f.counter("node_context_switches_total", "Total number of context switches.").set({}, st.contextSwitches);
      if (st.forks !== undefined) f.counter("node_forks_total", "Total number of forks.").set({}, st.forks);
      if (st.running !== undefined) f.gauge("node_procs_running", "Number of processes in runnable state.").set(st.running);
      if (st.blocked !== undefined) f.gauge("node_procs_blocked", "Number of processes blocked waiting for I/O to complete.").set(st.blocked);
    } },
    { name: "meminfo", collect(f) {
      for (const m of readMeminfo(proc)) {
        const name = `node_memory_${m.name}${m.bytes ? "_bytes" : ""}`;
        f.gauge(name, `Memory information field ${m.name}${m.bytes ? "_bytes" : ""}.`).set(m.value);
      }
    } },
    { name: "loadavg", collect(f) {
      const l = readLoadavg(proc);
      f.gauge("node_load1", "1m load average.").set(l.load1);
      f.gauge("node_load5", "5m load average.").set(l.load5);
      f.gauge("node_load15", "15m load average.").set(l.load15);
    } },
    { name: "netdev", collect(f) {
      const dirs = ["receive", "transmit"] as const;
      const fams = dirs.map((d) => (["bytes", "packets", "errs", "drop"] as const).map((k) =>
        [k, f.counter(`node_network_${d}_${k}_total`, `Network device statistic ${d}_${k}.`, ["device"])] as const));
      for (const dev of readNetDev(proc)) {
        dirs.forEach((d, i) => { for (const [k, c] of fams[i]!) c.set({ device: dev.device }, dev[d][k]); });
      }
    } },
    { name: "filesystem", collect(f) {
      const labels = ["device", "fstype", "mountpoint"];
      const size = f.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.", labels);
      const free = f.gauge("node_filesystem_free_bytes", "Filesystem free space in bytes.", labels);
      const avail = f.gauge("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.", labels);
      const files = f.gauge("node_filesystem_files", "Filesystem total file nodes.", labels);
      const filesFree = f.gauge("node_filesystem_files_free", "Filesystem total free file nodes.", labels);
      const ro = f.gauge("node_filesystem_readonly", "Filesystem read-only status.", labels);
      for (const fs of readFilesystems(proc)) {
        const l = { device: fs.device, fstype: fs.fstype, mountpoint: fs.mountpoint };
        size.set(l, fs.size); free.set(l, fs.free); avail.set(l, fs.avail);
        files.set(l, fs.files); filesFree.set(l, fs.filesFree); ro.set(l, fs.readonly ? 1 : 0);
      }
    } },
    { name: "uname", collect(f) {
      const u = readUname(proc);
      f.gauge("node_uname_info", "Labeled system information as provided by the uname system call.", Object.keys(u)).set({ ...u }, 1);
    } },
  ];
}
