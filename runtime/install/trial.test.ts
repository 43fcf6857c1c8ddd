// Stage 1 on an installed disk (init/stage1.sh's update part, run with dash and stubs): GRUB boots the
// committed slot with aios.slot=X aios.boot=grub; stage 1 leaves that choice alone unless a trial is
// armed, which it spends and kexecs, and a trial that never committed is dropped without a kexec. The
// disk has no factory system: a committed slot that cannot come up goes back to the previous slot, or,
// with none, stops at a shell rather than rebooting into itself.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { readGrubEnv, writeGrubEnv } from "../update/grubenv.ts";
import { parseEvents } from "../update/events.ts";
import { arm, envOf, stateOf, type BootState } from "../update/state.ts";

const GRUB = "BOOT_IMAGE=/vmlinuz console=ttyS0 panic=10 aios.slot=a aios.boot=grub";

/**
 * Runs the update part of stage 1 (through slot_rescue's definition), then `then`; returns its log and
 * the slot it goes on to boot. `sh` on PATH, `reboot` and `sleep` are stubs that only log.
 */
function stage1(state: string, cmdline: string, then = ""): { log: string; slot: string } {
  const script = readFileSync(new URL("../../init/stage1.sh", import.meta.url), "utf8");
  const end = script.indexOf("case \"$SLOT\" in\n  a|b) rescue()");
  expect(end).toBeGreaterThan(0);
  const part = script.slice(script.indexOf("BOOT=$STATE/boot"), end);
  const log = `${state}/log`;
  writeFileSync(log, "");
  mkdirSync(`${state}/bin`, { recursive: true });
  writeFileSync(`${state}/bin/sh`, `#!/bin/sh\necho "shell" >> ${log}\n`, { mode: 0o755 });
  const stubs = `STATE=${state}; state_dev=/dev/test; CMDLINE="${cmdline}"; PATH=${state}/bin:$PATH
say() { echo "say $*" >> ${log}; }; mark() { :; }; reboot() { echo "reboot $*" >> ${log}; }; sleep() { :; }
kexec() { echo "kexec $*" >> ${log}; return 1; }; mount() { return 1; }; umount() { :; }; blkid() { return 1; }
`;
  // STAGE1_SH=/path/to/busybox runs it with the initrd's shell, as tests/unit/update/state.test.ts does.
  const sh = process.env.STAGE1_SH;
  const r = spawnSync(sh ?? "dash", [...(sh ? ["sh"] : []), "-c", `${stubs}${part}\necho "slot=$SLOT"\n${then}`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return { log: readFileSync(log, "utf8"), slot: r.stdout.trim().split("\n")[0]!.replace(/^slot=/, "") };
}

function disk(state: BootState): string {
  const dir = mkdtempSync(`${tmpdir()}/aios-installed-`);
  mkdirSync(`${dir}/boot`);
  for (const s of ["a", "b"]) {
    mkdirSync(`${dir}/slots/${s}`, { recursive: true });
    for (const f of ["manifest.json", "vmlinuz", "initrd.img", "aios.sqfs"]) writeFileSync(`${dir}/slots/${s}/${f}`, "x");
  }
  writeGrubEnv(`${dir}/boot/grubenv`, envOf(state));
  return dir;
}
const committedA: BootState = { factory: false, committed: "a", previous: "", trial: "", tries: 0 };

describe("stage 1 under the installed disk's GRUB", () => {
  it("boots GRUB's slot as it is when no trial is armed", () => {
    const dir = disk(committedA);
    const before = readFileSync(`${dir}/boot/grubenv`);
    const r = stage1(dir, GRUB);
    expect(r.log).not.toContain("kexec");
    expect(r.slot).toBe("a");
    expect(readFileSync(`${dir}/boot/grubenv`)).toEqual(before);
  });

  it("spends an armed trial's try and kexecs it with one aios.slot and no aios.boot", () => {
    const dir = disk(arm(committedA, "b"));
    const r = stage1(dir, GRUB);
    expect(r.log).toContain(`--command-line=BOOT_IMAGE=/vmlinuz console=ttyS0 panic=10 aios.slot=b\n`);
    expect(stateOf(readGrubEnv(`${dir}/boot/grubenv`))).toEqual({ ...committedA, trial: "b", tries: 0 });
    // The stub kexec failed: the boot goes on with GRUB's slot, and the event says so.
    expect(r.slot).toBe("a");
    expect(parseEvents(readFileSync(`${dir}/boot/events`, "utf8")).at(-1)!.why).toContain("booted a instead");
  });

  it("drops a trial that never committed and boots GRUB's slot without a kexec", () => {
    const dir = disk({ ...arm(committedA, "b"), tries: 0 });
    const r = stage1(dir, GRUB);
    expect(r.log).not.toContain("kexec");
    expect(r.slot).toBe("a");
    expect(stateOf(readGrubEnv(`${dir}/boot/grubenv`))).toEqual(committedA);
    expect(parseEvents(readFileSync(`${dir}/boot/events`, "utf8")).at(-1)).toMatchObject({ kind: "fallback", system: "b" });
  });

  it("leaves a kexeced slot's boot alone (aios.slot without aios.boot)", () => {
    const dir = disk({ ...arm(committedA, "b"), tries: 0 });
    const r = stage1(dir, "console=ttyS0 aios.slot=b");
    expect(r.log).toBe("");
    expect(r.slot).toBe("b");
    expect(stateOf(readGrubEnv(`${dir}/boot/grubenv`)).trial).toBe("b");
  });

  it("learns on GRUB's boot that the disk has no factory system (disks installed before aios_factory)", () => {
    const dir = disk(committedA);
    // What such a disk holds after the old rollback fell back to a factory system it does not have.
    writeGrubEnv(`${dir}/boot/grubenv`, { aios_committed: "factory", aios_previous: "", aios_try: "", aios_tries: "0" });
    const r = stage1(dir, GRUB);
    expect(r.log).not.toContain("kexec");
    expect(r.slot).toBe("a");
    expect(readGrubEnv(`${dir}/boot/grubenv`)).toEqual({ aios_committed: "a", aios_previous: "", aios_try: "", aios_tries: "0", aios_factory: "no" });
    expect(stateOf(readGrubEnv(`${dir}/boot/grubenv`))).toEqual(committedA);
  });

  it("un-commits a committed slot that cannot come up and reboots into the previous slot", () => {
    const dir = disk({ ...committedA, committed: "b", previous: "a" });
    const r = stage1(dir, "console=ttyS0 aios.slot=b aios.boot=grub", `slot_rescue "slot b holds no aios.sqfs"`);
    expect(r.log).toContain("reboot -f");
    expect(r.log).not.toContain("shell");
    expect(stateOf(readGrubEnv(`${dir}/boot/grubenv`))).toEqual(committedA);
    expect(parseEvents(readFileSync(`${dir}/boot/events`, "utf8")).at(-1)).toMatchObject({ kind: "slot-failed", system: "b" });
  });

  it("stops at a shell, not in a reboot loop, when the committed slot cannot come up and there is nothing before it", () => {
    const dir = disk(committedA);
    const r = stage1(dir, GRUB, `slot_rescue "slot a holds no aios.sqfs"`);
    expect(r.log).toContain("there is no other system to boot (no previous slot, and an installed disk has no factory system)");
    expect(r.log).toContain("shell");
    expect(r.log).not.toContain("reboot");
    expect(stateOf(readGrubEnv(`${dir}/boot/grubenv`))).toEqual(committedA);
    expect(parseEvents(readFileSync(`${dir}/boot/events`, "utf8")).at(-1)).toMatchObject({ kind: "slot-failed", system: "a" });
  });
});
