// Human renderings shared by aiosctl and the consoles.
import type { StatusReply } from "../../runtime/control/client.ts";
import type { Sample } from "../../runtime/metrics/samples.ts";

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

const dur = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)}h` : s >= 60 ? `${(s / 60).toFixed(1)}m` : `${s.toFixed(1)}s`);

export function renderStatus(st: StatusReply): string {
  const mem = (b: number | null | undefined) => (b == null ? "-" : b >= 1 << 30 ? `${(b / (1 << 30)).toFixed(1)}G` : `${(b / (1 << 20)).toFixed(1)}M`);
  const cpu = (us: number | null | undefined) => (us == null ? "-" : `${(us / 1e6).toFixed(2)}s`);
  const rows = [["SERVICE", "STATE", "PID", "UPTIME", "RESTARTS", "MEM", "CPU", "NOTE"],
    ...st.services.map((s) => [s.name, s.state, s.pid ? String(s.pid) : "-", s.pid ? dur(s.uptime_s) : "-", String(s.restarts), mem(s.memory_bytes), cpu(s.cpu_usec), s.reason ?? ""])];
  const state = st.boot.state_device === "ram" ? "state in RAM (no AIOS-STATE disk)" : `state on ${st.boot.state_device}`;
  const degraded = st.degraded?.length ? `DEGRADED: ${st.degraded.join("; ")}\n` : "";
  const version = st.version ? `, version ${st.version}${st.system && st.system !== "factory" ? ` (slot ${st.system})` : ""}` : "";
  return `${degraded}up ${dur(st.boot.uptime_s)}, ${st.boot.ready ? "ready" : "starting"}, ${state}${version}\n${table(rows)}`;
}

export function renderSample(s: Sample | undefined): string {
  if (!s) return "no monitor sample yet";
  const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
  return `cpu ${s.cpu_pct}%  load ${s.load1}  mem ${mib(s.mem_used)}/${mib(s.mem_total)}  disk ${mib(s.disk_used)}/${mib(s.disk_total)}  net rx ${mib(s.net_rx)} tx ${mib(s.net_tx)}`;
}
