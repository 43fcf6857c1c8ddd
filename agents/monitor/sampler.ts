// The sampler: every few seconds, one sample of CPU, memory, disk and network into the state database
// (what the consoles graph and the disk forecast fits). `takeSample` is one step, reusable by the
// agent host; `runMonitor` is today's service loop around it and notifies init after its first try.
import type { Database } from "bun:sqlite";
import { heartbeat, notifyReady } from "../../runtime/control/client.ts";
import { defaultDbPath, openDatabase } from "../../runtime/db/open.ts";
import { setting } from "../../runtime/config/settings.ts";
import { asStateDiskError } from "../../runtime/db/disk-error.ts";
import { errorMessage, StateDiskError } from "../../runtime/errors.ts";
import { initSamples, insertSample, pruneSamples, type Sample } from "../../runtime/metrics/samples.ts";
import { cpuPercent, readBootId, readCpu, readDisk, readLoad1, readMem, readNet, type CpuTimes } from "./proc-stats.ts";

const DAY = 86_400_000;

export interface Sampler { db: Database; stateDir: string; bootId: string; prevCpu: CpuTimes; n: number }

export function openSampler(db: Database, stateDir: string): Sampler {
  initSamples(db);
  return { db, stateDir, bootId: readBootId(), prevCpu: readCpu(), n: 0 };
}

/** Reads the counters, stores one sample (CPU since the previous call), prunes daily. Throws if not stored. */
export function takeSample(s: Sampler, now = Date.now()): Sample {
  const cpu = readCpu();
  const mem = readMem();
  const disk = readDisk(s.stateDir);
  const net = readNet();
  const sample: Sample = {
    ts: now, boot_id: s.bootId, cpu_pct: cpuPercent(s.prevCpu, cpu), load1: readLoad1(),
    mem_total: mem.total, mem_used: mem.used, disk_total: disk.total, disk_used: disk.used, net_rx: net.rx, net_tx: net.tx,
  };
  s.prevCpu = cpu;
  insertSample(s.db, sample);
  if (++s.n % 720 === 0) pruneSamples(s.db, now, 7 * DAY);
  return sample;
}

/**
 * The service loop. A state disk that is full, read-only or damaged does not stop it (that would only
 * crash-loop): it says so once per distinct problem, keeps beating, and stores again once it can.
 */
export async function runMonitor(): Promise<void> {
  const intervalMs = Number(process.env.AIOS_MONITOR_INTERVAL_MS ?? 5000);
  let sampler: Sampler | undefined;
  let said: string | undefined;
  let ready = false;
  await Bun.sleep(Math.min(intervalMs, 500)); // a first CPU delta worth reporting
  for (;;) {
    try {
      sampler ??= openSampler(openDatabase(defaultDbPath(), { synchronous: "NORMAL" }), setting("state_dir"));
      takeSample(sampler);
      if (said) console.error("samples stored again");
      said = undefined;
    } catch (raw) {
      const err = asStateDiskError(raw);
      const msg = errorMessage(err);
      if (msg !== said) console.error(`sample not stored: ${msg}`);
      said = msg;
      // A damaged file is reopened each time: the boot state check may have replaced it meanwhile.
      if (err instanceof StateDiskError && err.kind === "corrupt") { try { sampler?.db.close(); } catch { /* closing a broken one */ } sampler = undefined; }
    }
    if (!ready) { ready = true; await notifyReady().catch((e) => console.error(`notify failed: ${e.message}`)); }
    else await heartbeat().catch((e) => console.error(`heartbeat failed: ${e.message}`)); // a stuck loop gets restarted
    await Bun.sleep(intervalMs);
  }
}
