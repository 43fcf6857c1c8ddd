// The monitor agent: every few seconds, one sample of CPU, memory, disk and network into the state
// database. It notifies init it is ready once the first sample is safely written.
import { heartbeat, notifyReady } from "../../runtime/control/client.ts";
import { defaultDbPath, openDatabase } from "../../runtime/db/open.ts";
import { initSamples, insertSample, pruneSamples, type Sample } from "../../runtime/metrics/samples.ts";
import { cpuPercent, readBootId, readCpu, readDisk, readLoad1, readMem, readNet } from "./proc-stats.ts";
import { setting } from "../../runtime/config/settings.ts";

const DAY = 86_400_000;

export async function runMonitor(): Promise<void> {
  const intervalMs = Number(process.env.AIOS_MONITOR_INTERVAL_MS ?? 5000);
  const stateDir = setting("state_dir");
  const db = openDatabase(defaultDbPath());
  initSamples(db);
  const bootId = readBootId();
  let prevCpu = readCpu();
  await Bun.sleep(Math.min(intervalMs, 500)); // a first CPU delta worth reporting
  let n = 0;
  for (;;) {
    const cpu = readCpu();
    const mem = readMem();
    const disk = readDisk(stateDir);
    const net = readNet();
    const sample: Sample = {
      ts: Date.now(), boot_id: bootId, cpu_pct: cpuPercent(prevCpu, cpu), load1: readLoad1(),
      mem_total: mem.total, mem_used: mem.used, disk_total: disk.total, disk_used: disk.used, net_rx: net.rx, net_tx: net.tx,
    };
    prevCpu = cpu;
    try {
      insertSample(db, sample);
      if (n++ === 0) await notifyReady().catch((e) => console.error(`notify failed: ${e.message}`));
      else await heartbeat().catch((e) => console.error(`heartbeat failed: ${e.message}`)); // a stuck loop gets restarted
      if (n % 720 === 0) pruneSamples(db, sample.ts, 7 * DAY);
    } catch (err) {
      console.error(`sample not stored: ${(err as Error).message}`);
    }
    await Bun.sleep(intervalMs);
  }
}
