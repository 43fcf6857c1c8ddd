// The power button (a PC's, or QEMU's `system_powerdown`): the kernel's ACPI `button` driver reports it
// as KEY_POWER on an input device, and init shuts down as for `aiosctl poweroff`. A plain reader of the
// event devices, as logind does it, rather than another daemon (acpid); it never throws into PID 1.
import { createReadStream, existsSync, readFileSync } from "node:fs";

const EV_KEY = 1;
const KEY_POWER = 116;
/** struct input_event on 64-bit Linux: a 16-byte timeval, then u16 type, u16 code, s32 value. */
const EVENT_SIZE = 24;

/** Whether a capability bitmap from /proc/bus/input/devices ("B: KEY=…", 64-bit words, high first) has `bit`. */
export function hasBit(words: string, bit: number): boolean {
  const list = words.trim().split(/\s+/).reverse();
  const word = list[Math.floor(bit / 64)];
  return word !== undefined && /^[0-9a-f]+$/i.test(word) && ((BigInt(`0x${word}`) >> BigInt(bit % 64)) & 1n) === 1n;
}

/**
 * The ACPI power buttons' event devices (the `button` driver's, "LNXPWRBN/button/input0"), from the text
 * of /proc/bus/input/devices. Keyboards also claim KEY_POWER; a stray key press must not power off.
 */
export function powerKeyDevices(table: string): string[] {
  return table.split(/\n\s*\n/).flatMap((block) => {
    if (!/^P: Phys=\S*\/button\//m.test(block)) return [];
    const handler = /^H: Handlers=(.*)$/m.exec(block)?.[1]?.split(/\s+/).find((h) => /^event\d+$/.test(h));
    const keys = /^B: KEY=(.*)$/m.exec(block)?.[1];
    return handler && keys && hasBit(keys, KEY_POWER) ? [`/dev/input/${handler}`] : [];
  });
}

/** How many KEY_POWER presses (value 1; not releases or repeats) the whole records in `buf` hold. */
export function powerPresses(buf: Buffer): number {
  let n = 0;
  for (let at = 0; at + EVENT_SIZE <= buf.length; at += EVENT_SIZE) {
    if (buf.readUInt16LE(at + 16) === EV_KEY && buf.readUInt16LE(at + 18) === KEY_POWER && buf.readInt32LE(at + 20) === 1) n++;
  }
  return n;
}

/**
 * Reads each device until it goes away, calling `onPress` on every press. Returns the devices watched
 * (none where the button driver is not loaded or the table cannot be read).
 */
export function watchPowerButton(onPress: (device: string) => void, say: (msg: string) => void, devices?: string[]): string[] {
  let found: string[];
  try {
    found = devices ?? (existsSync("/proc/bus/input/devices") ? powerKeyDevices(readFileSync("/proc/bus/input/devices", "utf8")) : []);
  } catch (err) {
    say(`power button: cannot list input devices: ${(err as Error).message}`);
    return [];
  }
  for (const device of found) {
    let pending = Buffer.alloc(0);
    try {
      const stream = createReadStream(device, { highWaterMark: EVENT_SIZE * 16 });
      stream.on("data", (chunk) => {
        const buf = Buffer.concat([pending, chunk as Buffer]);
        const whole = buf.length - (buf.length % EVENT_SIZE);
        pending = buf.subarray(whole);
        try { if (powerPresses(buf.subarray(0, whole)) > 0) onPress(device); } catch (err) { say(`power button: ${(err as Error).message}`); }
      });
      stream.on("error", (err) => say(`power button: ${device}: ${err.message}`));
    } catch (err) {
      say(`power button: ${device}: ${(err as Error).message}`);
    }
  }
  return found;
}
