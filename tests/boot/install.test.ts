// Install to disk (issue 11): the ISO boots (direct) with a blank state disk and a blank target, so
// stage 1 must format only the first blank disk; `aiosctl install` over ssh writes the target; then
// the target alone (no ISO, no -kernel) boots through its own GRUB under SeaBIOS and under OVMF.
import { afterAll, describe, expect, it } from "vitest";
import { Vm } from "./vm.ts";
import { freePort, newDisk, out, scratch, ssh } from "./helpers.ts";

const READY = /aios ready in ([\d.]+) s/;

describe("install to a blank disk", () => {
  const dir = scratch();
  const target = `${dir}/target.qcow2`;
  let vm: Vm | undefined;
  afterAll(() => vm?.kill());

  it("installs from the running ISO to the second blank disk, refusing the state disk, the medium and a file", async () => {
    const sshPort = freePort();
    const state = await newDisk(`${dir}/state.qcow2`);
    await newDisk(target); // vdc: after the state disk (vda) and the ISO (vdb)
    vm = new Vm({ out, boot: "direct", stateDisk: state, extraDisks: [target], socket: `${dir}/i.sock`, log: `${dir}/installer.log`, sshPort });
    await vm.start();
    await vm.expect(READY, 300_000);
    expect(vm.transcript).toContain("formatting blank disk /dev/vda");
    const refused = await ssh(sshPort, "aiosctl install /dev/vda --yes; echo rc=$?; aiosctl install /dev/vdb --yes; echo rc=$?; aiosctl install /etc/passwd --yes --json; echo rc=$?; aiosctl install /dev/vdc </dev/null; echo rc=$?");
    expect(refused.stderr).toContain("refusing to install to /dev/vda: /dev/vda holds the running system's state disk");
    expect(refused.stderr).toContain("refusing to install to /dev/vdb: /dev/vdb is the boot medium");
    expect(refused.stdout).toContain('{"error":"/etc/passwd is not a block device"');
    expect(refused.stderr).toContain("there is no terminal to ask on");
    expect(refused.stdout.match(/rc=\d/g)).toEqual(["rc=1", "rc=1", "rc=2", "rc=2"]);
    const r = await ssh(sshPort, "aiosctl install /dev/vdc --yes --json");
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.partitions.map((p: { label: string }) => p.label)).toEqual(["", "AIOS-ESP", "AIOS-SLOT-A", "AIOS-SLOT-B", "AIOS-STATE"]);
    expect(report.manifest.parts.map((p: { name: string }) => p.name)).toEqual(["vmlinuz", "initrd.img", "aios.sqfs"]);
    console.log(`install: ${JSON.stringify(report.ms)}`);
    await ssh(sshPort, "aiosctl poweroff");
    expect(await vm.waitExit(120_000)).toBe(0);
  });

  // One firmware here, the BIOS path (the boot sector and core image are our own writing); the same
  // disk under UEFI (OVMF) is in bench/install.ts with the timings, to keep CI under its 30 minutes.
  it.each(["bios"] as const)("boots the installed disk alone under %s, from slot A, with its state on the disk", async (boot) => {
    vm?.kill(); // an installer left running (after a failure) would hold the target's image lock
    const sshPort = freePort();
    vm = new Vm({ out, boot, bootDisk: target, socket: `${dir}/${boot}.sock`, log: `${dir}/${boot}.log`, sshPort });
    await vm.start();
    await vm.expect("aiOS (slot A)", 120_000); // the installed GRUB's menu on serial
    await vm.expect(READY, 300_000);
    // Stage 1 mounts the slot's partition at /run/aios/slot (read-only) and takes the image from it.
    const r = await ssh(sshPort, "cat /proc/cmdline /run/aios/state-device; d=/run/aios/slot; findmnt -no SOURCE,FSTYPE $d && blkid -s LABEL -o value $(findmnt -no SOURCE $d)");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("aios.slot=a");
    expect(r.stdout).toMatch(/^\/dev\/vda5$/m);
    expect(r.stdout).toMatch(/^\/dev\/vda3 ext4$/m);
    expect(r.stdout).toContain("AIOS-SLOT-A");
    // The install committed slot A; the first update goes to B (bench/install.ts runs that flow).
    const st = JSON.parse((await ssh(sshPort, "aiosctl update status --json")).stdout);
    expect(st).toMatchObject({ running: "a", committed: "a", trial: "", factory: false });
    // No factory system on an installed disk and nothing committed before slot A: no rollback.
    const rb = await ssh(sshPort, "aiosctl update rollback --json");
    expect(rb.code, rb.stdout + rb.stderr).toBe(2);
    expect(JSON.parse(rb.stdout).error).toContain("an installed disk has no factory system");
    await ssh(sshPort, "aiosctl poweroff");
    expect(await vm.waitExit(120_000)).toBe(0);
    vm = undefined;
  });
});
