import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { hasBit, powerKeyDevices, powerPresses, watchPowerButton } from "../../../init/power-button.ts";

// As QEMU's q35 machine shows them (the ACPI power button, then the AT keyboard, which claims KEY_POWER too).
const TABLE = `I: Bus=0019 Vendor=0000 Product=0001 Version=0000
N: Name="Power Button"
P: Phys=LNXPWRBN/button/input0
S: Sysfs=/devices/LNXSYSTM:00/LNXPWRBN:00/input/input0
H: Handlers=kbd event0
B: PROP=0
B: EV=3
B: KEY=10000000000000 0

I: Bus=0011 Vendor=0001 Product=0001 Version=ab41
N: Name="AT Translated Set 2 keyboard"
P: Phys=isa0060/serio0/input0
H: Handlers=sysrq kbd event1 leds
B: KEY=402000000 3803078f800d001 feffffdfffefffff fffffffffffffffe
`;

function event(type: number, code: number, value: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt16LE(type, 16);
  b.writeUInt16LE(code, 18);
  b.writeInt32LE(value, 20);
  return b;
}

describe("power button", () => {
  it("finds the ACPI power button's event device, not the keyboard's", () => {
    expect(hasBit("10000000000000 0", 116)).toBe(true);
    expect(hasBit("0", 116)).toBe(false);
    expect(powerKeyDevices(TABLE)).toEqual(["/dev/input/event0"]);
    expect(powerKeyDevices("")).toEqual([]);
  });

  it("counts presses, not releases, other keys or sync events", () => {
    expect(powerPresses(Buffer.concat([event(1, 116, 1), event(0, 0, 0), event(1, 116, 0), event(1, 30, 1)]))).toBe(1);
    expect(powerPresses(event(1, 116, 1).subarray(0, 20))).toBe(0);
  });

  it("calls back on a press read from the device, even split across reads", async () => {
    const fifo = `${mkdtempSync(`${tmpdir()}/aios-pwr-`)}/event0`;
    execFileSync("mkfifo", [fifo]);
    const presses: string[] = [];
    const said: string[] = [];
    expect(watchPowerButton((d) => presses.push(d), (m) => said.push(m), [fifo])).toEqual([fifo]);
    const writer = await open(fifo, "w"); // off the event loop: a FIFO's open waits for its reader
    const press = Buffer.concat([event(1, 116, 1), event(0, 0, 0)]);
    await writer.write(press.subarray(0, 10));
    await Bun.sleep(50);
    await writer.write(press.subarray(10));
    for (let i = 0; i < 40 && presses.length === 0; i++) await Bun.sleep(25);
    await writer.close();
    expect(presses).toEqual([fifo]);
    expect(said).toEqual([]);
  });

  it("reports a device it cannot open instead of throwing", async () => {
    const said: string[] = [];
    watchPowerButton(() => {}, (m) => said.push(m), ["/nonexistent/event9"]);
    for (let i = 0; i < 40 && said.length === 0; i++) await Bun.sleep(25);
    expect(said[0]).toContain("/nonexistent/event9");
  });
});
