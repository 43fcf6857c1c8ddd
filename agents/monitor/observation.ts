// What one monitor observation holds. observe() fills it from /proc, the samples table, smartctl and
// init's control socket; the detectors read only this (plus earlier ones) and the settings.

export interface ProcCpu {
  pid: number;
  /** Start time in clock ticks since boot: with pid, identifies a process across readings. */
  start: number;
  /** comm and clipped command line: untrusted text, data only. */
  name: string;
  cmdline: string;
  /** Percent of one core over [cpuSince, at]. */
  cpuPercent: number;
  rssKb: number;
  /** Why it is never a cpu hog (this agent, init, a kernel thread, an excluded command). */
  excluded?: string;
}

export interface MemoryObs {
  totalBytes: number;
  availableBytes: number;
  /** /proc/pressure/memory, percent of time stalled; null where the kernel has no PSI. */
  psi: { someAvg10: number; someAvg60: number; fullAvg10: number; fullAvg60: number } | null;
  /** Cumulative oom_kill from /proc/vmstat, and how many since the previous reading. */
  oomKills: number;
  oomKillsNew: number;
  /** The biggest resident processes, for evidence. */
  top: { pid: number; name: string; rssKb: number }[];
}

export interface DiskObs {
  path: string;
  totalBytes: number;
  usedBytes: number;
  /** Least-squares fill rate over the forecast window; null when too few samples. */
  fit: { bytesPerSecond: number; samples: number; spanS: number } | null;
}

export interface SmartDevice {
  device: string;
  supported: boolean;
  passed?: boolean;
  reallocated?: number;
  pending?: number;
  uncorrectable?: number;
  nvmeCriticalWarning?: number;
  mediaErrors?: number;
  percentUsed?: number;
}

export type SmartObs = { available: false; note: string } | { available: true; at: number; devices: SmartDevice[] };

export interface ServiceObs {
  name: string;
  /** Init's state: waiting, starting, ready, degraded, backoff, stopping, stopped, done, failed. */
  state: string;
  pid: number | null;
  uptimeS: number;
  restarts: number;
  lastExit: { code: number | null; signal: string | null; at: number } | null;
  lastFailure: string | null;
  reason: string | null;
  /** What the monitor saw last time (memo), null the first time. */
  seen: { restarts: number; state: string } | null;
  /** The one restart after init gave up has been spent (memo): never another. */
  restartSpent: boolean;
  /** Last log lines, for a service that died: untrusted, clipped. */
  logTail: string[];
}

export interface MonitorObs {
  at: number;
  /** Start of the interval procs' cpuPercent covers; null on the first reading. */
  cpuSince: number | null;
  procs: ProcCpu[];
  memory: MemoryObs | null;
  disk: DiskObs | null;
  smart: SmartObs;
  services: ServiceObs[] | null;
  /** Why the appliance runs degraded (runtime/health/degraded.ts); empty or absent when it does not. */
  degraded?: string[];
  /** What could not be read, said plainly. */
  notes: string[];
}

/** Untrusted text into evidence: printable, one line, clipped. */
export function clip(text: string, max = 160): string {
  const one = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
