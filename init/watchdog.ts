// The hardware watchdog (QEMU's i6300esb, a board's own): opened only when /dev/watchdog exists, fed by
// PID 1's event loop, so a hung system (a kernel or init that stopped) is reset by the hardware and an
// update's trial boot falls back without a person. A clean shutdown writes the magic 'V' before the
// close, which disarms it; any other close or death leaves it running to its reset.
import { closeSync, existsSync, openSync, writeSync } from "node:fs";

export interface Watchdog { stop(): void }

export function feedWatchdog(intervalMs: number, say: (m: string) => void, device = "/dev/watchdog"): Watchdog | null {
  if (!existsSync(device)) return null;
  let fd: number;
  try { fd = openSync(device, "w"); } catch (err) { say(`watchdog ${device} not opened: ${(err as Error).message}`); return null; }
  const feed = () => { try { writeSync(fd, "\0"); } catch { /* a write error changes nothing: it resets us if we stop */ } };
  feed();
  const timer = setInterval(feed, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      try { writeSync(fd, "V"); closeSync(fd); } catch { /* already closed */ }
    },
  };
}
