// aiosctl install's writer on a real (loop) disk with the real tools (sfdisk, mkfs, mtools) and GRUB
// images made by the build step, then read back through GRUB's own filesystem drivers (grub-fstest):
// what GRUB will see at boot. The boot tier (tests/boot/install.test.ts) boots such a disk. Needs root
// and loop devices. Partition scanning does not work on loop devices in every container, so each
// partition's node is pointed at a loop device over its own byte range (where sfdisk put it).
import { afterAll, describe, expect, it } from "vitest";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { makeGrubImages } from "../../../build/steps/grub.ts";
import type { BuildContext } from "../../../build/context.ts";
import { MiB, partitionPath, planLayout } from "../../../runtime/install/layout.ts";
import { checkTarget, liveHost } from "../../../runtime/install/target.ts";
import { GRUB_DIR, install, runningSystemFiles } from "../../../runtime/install/write.ts";

const TOOLS = ["/usr/sbin/sfdisk", "/usr/bin/mcopy", "/usr/sbin/mkfs.vfat", "/usr/bin/grub-mkimage", "/usr/bin/grub-fstest", "/usr/sbin/losetup"];
const missing = process.getuid?.() !== 0 ? "not root" : TOOLS.find((t) => !existsSync(t));
const sh = async (...argv: string[]) => (await realRunner.run(argv, { timeoutMs: 120_000 })).stdout;

describe.skipIf(!!missing)(`install to a loop disk${missing ? ` (skipped: ${missing})` : ""}`, () => {
  const dir = mkdtempSync(`${tmpdir()}/aios-install-`);
  const loops: string[] = [];
  const links: string[] = [];
  afterAll(async () => {
    for (const l of links) rmSync(l, { force: true });
    for (const l of loops.reverse()) await realRunner.run(["losetup", "-d", l], { check: false });
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the GPT, GRUB for BIOS and UEFI, slot A with its manifest and an empty state (or a copy with --keep-state), as GRUB reads them", async () => {
    const rootfs = `${dir}/rootfs`;
    const ctx = { rootfs, run: (argv: string[]) => sh(...argv) } as unknown as BuildContext;
    await makeGrubImages(ctx);
    const medium = `${dir}/medium`;
    mkdirSync(`${medium}/boot`, { recursive: true });
    const files = { "boot/vmlinuz": 3 * MiB, "boot/initrd.img": MiB + 17, "aios.sqfs": 5 * MiB };
    for (const [f, n] of Object.entries(files)) writeFileSync(`${medium}/${f}`, Buffer.alloc(n, f));
    const img = `${dir}/disk.img`;
    const size = 2048 * MiB;
    await sh("truncate", "-s", String(size), img);
    const disk = (await sh("losetup", "--show", "-f", img)).trim();
    loops.push(disk);
    const parts = planLayout(size, 9 * MiB);
    for (const [i, p] of parts.entries()) {
      const bytes = (p.sizeMiB ?? size / MiB - p.startMiB - 1) * MiB;
      const loop = (await sh("losetup", "--show", "-f", "-o", String(p.startMiB * MiB), "--sizelimit", String(bytes), img)).trim();
      loops.push(loop);
      const node = partitionPath(disk, i + 1);
      if (!existsSync(node)) { symlinkSync(loop, node); links.push(node); }
    }

    const r = await install(checkTarget(disk, { ...liveHost(), stateDevice: "ram" }), { sources: runningSystemFiles([medium]), keepState: false, stateDir: "/nonexistent", work: `${dir}/work`, grubDir: `${rootfs}${GRUB_DIR}` });
    expect(Object.keys(r.ms)).toEqual(["partition", "format", "grub", "copy system", "boot state"]);

    const table = JSON.parse(await sh("sfdisk", "--json", disk)).partitiontable;
    expect(table.label).toBe("gpt");
    expect(table.partitions.map((p: { start: number; name: string }) => [p.start, p.name])).toEqual(
      parts.map((p) => [p.startMiB * 2048, p.label || p.name]));
    const head = Buffer.alloc(MiB + 512);
    const fd = openSync(img, "r");
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const mbr = head.subarray(0, 512);
    expect(mbr.readBigUInt64LE(0x5c)).toBe(2048n);
    expect(mbr.readUInt16LE(510)).toBe(0xaa55);
    const core = head.subarray(MiB);
    expect(core.readBigUInt64LE(0x1f4)).toBe(2049n);

    const grub = (cmd: string, path: string) => sh("grub-fstest", img, cmd, path);
    const loop0 = "(loop0,gpt"; // grub-fstest's name for the image
    // The ISO's layout in, a slot's (update bundles' names at the root) out.
    expect(r.manifest.parts.map((p) => [p.name, p.size])).toEqual(Object.entries(files).map(([f, n]) => [f.replace("boot/", ""), n]));
    const slotA = await grub("ls", `${loop0}3)/`);
    for (const f of ["vmlinuz", "initrd.img", "aios.sqfs", "manifest.json"]) expect(slotA).toContain(f);
    expect(await grub("crc", `${loop0}3)/initrd.img`)).toBe(await grub("crc", `(host)${medium}/boot/initrd.img`));
    expect(JSON.parse(await grub("cat", `${loop0}3)/manifest.json`))).toMatchObject({ format: 1, parts: r.manifest.parts, source: "install" });
    const cfg = await grub("cat", `${loop0}2)/boot/grub/grub.cfg`);
    const uuid = (part: number) => sh("blkid", "-s", "UUID", "-o", "value", loops[part]!).then((s) => s.trim());
    expect(cfg).toContain(`--set=slot_a ${await uuid(3)}`);
    expect(cfg).toContain(`--set=state ${await uuid(5)}`);
    writeFileSync(`${dir}/grub.cfg`, cfg);
    await sh("grub-script-check", `${dir}/grub.cfg`);
    expect(await grub("cat", `${loop0}2)/EFI/BOOT/BOOTX64.EFI`)).toMatch(/^MZ/);
    expect(await sh("blkid", "-s", "LABEL", "-o", "value", loops[5]!)).toBe("AIOS-STATE\n");
    expect(await grub("ls", `${loop0}5)/`)).not.toMatch(/overlay|aios/); // the state starts empty
    expect(await grub("cat", `${loop0}5)/boot/grubenv`)).toContain("aios_committed=a"); // but for slot A, committed

    // Again over the installed disk, carrying a state folder over (--keep-state).
    const state = `${dir}/state`;
    mkdirSync(`${state}/config`, { recursive: true });
    writeFileSync(`${state}/config/keep.toml`, "kept = true\n");
    const again = await install(checkTarget(disk, { ...liveHost(), stateDevice: "ram" }), { sources: runningSystemFiles([medium]), keepState: true, stateDir: state, work: `${dir}/work`, grubDir: `${rootfs}${GRUB_DIR}` });
    expect(again.keptState).toBe(true);
    expect(await grub("cat", `${loop0}5)/config/keep.toml`)).toBe("kept = true\n");
  });
});
