// The installer's pure parts: the layout and its sfdisk script, GRUB's BIOS patching against the
// host's real GRUB images, grub.cfg, and the refusals, against a made-up /sys and mounts table.
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootSector, coreImage } from "./bios.ts";
import { installedGrubConfig, kernelArgs } from "./grub-cfg.ts";
import { MiB, partitionPath, planLayout, sfdiskScript, slotMiB } from "./layout.ts";
import { diskOf, refusal, type Host } from "./target.ts";

describe("install layout", () => {
  it("gives BIOS boot at 1 MiB, the ESP as partition 2, two equal slots and the rest to state", () => {
    const parts = planLayout(2048 * MiB, 150 * MiB);
    expect(parts.map((p) => [p.label, p.startMiB, p.sizeMiB])).toEqual([
      ["", 1, 1], ["AIOS-ESP", 2, 64], ["AIOS-SLOT-A", 66, 512], ["AIOS-SLOT-B", 578, 512], ["AIOS-STATE", 1090, undefined],
    ]);
    const script = sfdiskScript(parts);
    expect(script).toMatch(/^label: gpt\nunit: sectors\n/);
    expect(script).toContain("start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649");
    expect(script.trim().split("\n").pop()).toBe('start=2232320, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="AIOS-STATE"');
  });
  it("sizes a slot at twice the system, in 64 MiB steps, at least 512 MiB", () => {
    expect(slotMiB(100 * MiB)).toBe(512);
    expect(slotMiB(300 * MiB)).toBe(640);
  });
  it("refuses a disk too small, saying how much is needed", () => {
    expect(() => planLayout(1024 * MiB, 150 * MiB)).toThrow(/holds 1024 MiB; an install needs at least 1603 MiB/);
  });
  it("names partitions as the kernel does", () => {
    expect(partitionPath("/dev/sda", 2)).toBe("/dev/sda2");
    expect(partitionPath("/dev/nvme0n1", 2)).toBe("/dev/nvme0n1p2");
  });
});

const GRUB = "/usr/lib/grub/i386-pc";
describe.skipIf(!existsSync(`${GRUB}/boot.img`))("BIOS boot sector and core image", () => {
  it("points boot.img at core.img and keeps the disk's signature and partition table", () => {
    const mbr = Buffer.alloc(512, 0);
    mbr.write("SIGN", 0x1b8, "latin1");
    mbr[0x1c2] = 0xee; mbr[510] = 0x55; mbr[511] = 0xaa;
    const out = bootSector(readFileSync(`${GRUB}/boot.img`), mbr, 2048);
    expect(out.readBigUInt64LE(0x5c)).toBe(2048n);
    expect([out[0x66], out[0x67]]).toEqual([0x90, 0x90]);
    expect(out.subarray(0x1b8)).toEqual(mbr.subarray(0x1b8));
    expect(() => bootSector(readFileSync(`${GRUB}/boot.img`), Buffer.alloc(512), 2048)).toThrow(/no protective MBR/);
  });
  it("points core.img's block list at its own second sector", () => {
    const core = Buffer.alloc(512 * 10);
    readFileSync(`${GRUB}/diskboot.img`).copy(core);
    core.writeUInt16LE(9, 0x1fc);
    const out = coreImage(core, 2048, MiB);
    expect(out.readBigUInt64LE(0x1f4)).toBe(2049n);
    expect(() => coreImage(core, 2048, 1024)).toThrow(/does not fit/);
    core.writeUInt16LE(3, 0x1fc);
    expect(() => coreImage(core, 2048, MiB)).toThrow(/block list says 3 sectors/);
  });
});

describe("installed grub.cfg", () => {
  it("boots slot A by UUID with aios.slot=a, and the committed slot from the state partition's grubenv", () => {
    const cfg = installedGrubConfig({ slotA: "aaaa", slotB: "bbbb", state: "ssss" }, kernelArgs("BOOT_IMAGE=/boot/vmlinuz console=ttyS0,115200 panic=10 aios.slot=b aios.boot=grub\n"));
    expect(cfg).toContain("linux /vmlinuz console=ttyS0,115200 panic=10 aios.slot=a aios.boot=grub\n");
    expect(cfg).toContain("search --no-floppy --fs-uuid --set=slot_a aaaa");
    expect(cfg).toMatch(/linux \/vmlinuz .* aios\.slot=a aios\.boot=grub\n\s+initrd \/initrd.img\n/);
    expect(cfg).toContain("load_env --file ($state)/boot/grubenv");
    expect(cfg).toContain("set default=slot-a");
    expect(cfg).toContain('if [ "$aios_committed" = b ]; then set default=slot-b; fi');
  });
});

describe("install target", () => {
  const sys = mkdtempSync(join(tmpdir(), "aios-sys-"));
  for (const d of ["vda", "vdb", "vdc"]) { mkdirSync(join(sys, "devices", d), { recursive: true }); writeFileSync(join(sys, "devices", d, "ro"), "0\n"); }
  mkdirSync(join(sys, "devices", "vdc", "vdc5"), { recursive: true });
  writeFileSync(join(sys, "devices", "vdc", "vdc5", "partition"), "5\n");
  mkdirSync(join(sys, "class", "block"), { recursive: true });
  for (const d of ["vda", "vdb", "vdc"]) symlinkSync(join(sys, "devices", d), join(sys, "class", "block", d));
  symlinkSync(join(sys, "devices", "vdc", "vdc5"), join(sys, "class", "block", "vdc5"));
  const host = (over: Partial<Host> = {}): Host => ({ sys, stateDevice: "/dev/vda", mediumDirs: ["/run/aios/medium", "/run/aios/slot"], mounts: "/dev/vdb /run/aios/medium iso9660 ro 0 0\n/dev/loop0 /run/aios/image squashfs ro 0 0\n", ...over });

  it("maps a partition to its disk", () => {
    expect(diskOf("vdc5", sys)).toBe("vdc");
    expect(diskOf("vdc", sys)).toBe("vdc");
  });
  it("refuses the state disk and the boot medium, and allows a blank disk", () => {
    expect(refusal("vda", host())?.why).toMatch(/state disk/);
    expect(refusal("vda", host())?.hint).toMatch(/aios\.state=ram/);
    expect(refusal("vdb", host())?.why).toMatch(/boot medium/);
    expect(refusal("vdc", host())).toBeUndefined();
  });
  it("refuses a disk whose partition is the state (an installed system) or is mounted", () => {
    expect(refusal("vdc", host({ stateDevice: "/dev/vdc5" }))?.why).toMatch(/state disk/);
    expect(refusal("vdc", host({ mounts: "/dev/vdc5 /mnt ext4 rw 0 0\n" }))?.why).toMatch(/vdc5 is mounted at \/mnt/);
    writeFileSync(join(sys, "devices", "vdc", "ro"), "1\n");
    expect(refusal("vdc", host())?.why).toMatch(/read-only/);
  });
});
