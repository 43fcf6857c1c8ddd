// The A/B state machine and its two implementations of the boot state: GRUB's environment block as
// TypeScript writes it and as stage 1's shell (init/stage1.sh, run here with dash) reads and spends it.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { formatGrubEnv, parseGrubEnv, readGrubEnv, writeGrubEnv } from "../../../runtime/update/grubenv.ts";
import { UserError } from "../../../runtime/errors.ts";
import { arm, bootChoice, commit, envOf, inactiveSlot, release, rollback, stateOf, type BootState } from "../../../runtime/update/state.ts";
import { parseEvents } from "../../../runtime/update/events.ts";
import { rollbackNow, updateStatus } from "../../../runtime/update/status.ts";
import type { UpdatePaths } from "../../../runtime/update/slots.ts";

const fresh: BootState = stateOf({});

describe("boot state", () => {
  it("is a 1024-byte GRUB environment block that keeps keys it does not own", () => {
    const text = formatGrubEnv(envOf(arm(fresh, "a"), { saved_entry: "0" }));
    expect(text.length).toBe(1024);
    expect(text.startsWith("# GRUB Environment Block\nsaved_entry=0\naios_committed=factory\n")).toBe(true);
    expect(text.endsWith("###")).toBe(true);
    expect(parseGrubEnv(text)).toEqual({ saved_entry: "0", aios_committed: "factory", aios_previous: "", aios_try: "a", aios_tries: "1", aios_factory: "yes" });
    expect(() => parseGrubEnv("garbage")).toThrow("not a GRUB environment block");
  });

  it("arms, spends a try, commits, falls back and rolls back", () => {
    const armed = arm(fresh, "a");
    const first = bootChoice(armed);
    expect(first).toEqual({ boot: "a", next: { ...armed, tries: 0 } });
    // The trial did not commit: the next boot drops it and boots what was committed.
    expect(bootChoice(first.next)).toMatchObject({ boot: "factory", next: { trial: "", tries: 0 }, event: "fallback a" });
    const committed = commit(first.next, "a");
    expect(committed).toEqual({ factory: true, committed: "a", previous: "factory", trial: "", tries: 0 });
    expect(inactiveSlot(committed, "a")).toBe("b");
    expect(inactiveSlot(committed, "factory")).toBe("b");
    expect(rollback(committed)).toEqual({ state: { factory: true, committed: "factory", previous: "", trial: "", tries: 0 }, what: "factory is committed again (was a)" });
    expect(rollback(arm(committed, "b")).state).toEqual(committed);
    expect(() => rollback(fresh)).toThrow("nothing to roll back");
  });

  it("on an installed disk (no factory system): rolls back only to a previous slot, else says there is none", () => {
    const installed = stateOf({ aios_committed: "a", aios_factory: "no" });
    expect(installed).toEqual({ factory: false, committed: "a", previous: "", trial: "", tries: 0 });
    // A fresh install: nothing before slot a, and no factory system to go to.
    expect(() => rollback(installed)).toThrow(UserError);
    expect(() => rollback(installed)).toThrow("nothing to roll back to: slot a is committed, no update is armed, and no system was committed before it (an installed disk has no factory system, only slots a and b)");
    // An armed trial is still disarmed.
    expect(rollback(arm(installed, "b")).state).toEqual(installed);
    // b committed after a: back to a, and from there nowhere.
    const b = commit(arm(installed, "b"), "b");
    expect(b).toEqual({ factory: false, committed: "b", previous: "a", trial: "", tries: 0 });
    const back = rollback(b);
    expect(back).toEqual({ state: { ...installed }, what: "a is committed again (was b)" });
    expect(() => rollback(back.state)).toThrow("nothing to roll back to");
    // A trial that never commits falls back to the committed slot, never to a factory system.
    expect(bootChoice({ ...arm(b, "a"), tries: 0 })).toMatchObject({ boot: "b", event: "fallback a" });
    // The factory's name means nothing there: committed is GRUB's default (slot a), previous nothing.
    expect(stateOf({ aios_committed: "factory", aios_previous: "factory", aios_factory: "no" })).toEqual(installed);
    expect(stateOf({ aios_committed: "b", aios_previous: "factory", aios_factory: "no" })).toMatchObject({ committed: "b", previous: "" });
    // The boot medium's state disks from before aios_factory keep their factory system.
    expect(stateOf({ aios_committed: "a" })).toMatchObject({ factory: true, committed: "a", previous: "" });
    expect(envOf(installed)).toMatchObject({ aios_factory: "no" });
  });

  it("picks a free slot for an update, and refuses when the running trial and the committed slot hold both", () => {
    const installed = stateOf({ aios_committed: "a", aios_factory: "no" });
    expect(inactiveSlot(installed, "a")).toBe("b");
    expect(inactiveSlot(commit(installed, "b"), "b")).toBe("a");
    // Slot b's trial runs and is not committed yet: a is committed, b runs.
    expect(() => inactiveSlot(arm(installed, "b"), "b")).toThrow("no slot is free for an update: slot b runs and slot a is committed");
    // A rollback to a from running b waits for the next boot.
    expect(() => inactiveSlot(rollback(commit(installed, "b")).state, "b")).toThrow(UserError);
    // The medium's factory system runs: a slot is always free.
    expect(inactiveSlot(commit(fresh, "b"), "factory")).toBe("a");
  });

  it("releases a slot an update is about to overwrite: no trial of it, no rollback to it", () => {
    const s: BootState = { factory: false, committed: "b", previous: "a", trial: "a", tries: 1 };
    expect(release(s, "a")).toEqual({ factory: false, committed: "b", previous: "", trial: "", tries: 0 });
    expect(release(s, "b")).toEqual(s);
  });

  it("reads and writes real files: status shows the slots, rollback is recorded", async () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-state-`);
    const p: UpdatePaths = { stateDir: dir, runDir: `${dir}/run`, cmdline: "aios.slot=a", publicKey: "", versionFile: `${dir}/version`, partitions: false };
    mkdirSync(`${dir}/boot`);
    mkdirSync(`${dir}/slots/a`, { recursive: true });
    writeFileSync(`${dir}/slots/a/manifest.json`, JSON.stringify({ version: "2.0", built: "today" }));
    writeFileSync(`${dir}/version`, "1.0\n");
    writeGrubEnv(`${dir}/boot/grubenv`, envOf(commit(fresh, "a")));
    const st = await updateStatus(p);
    expect(st).toMatchObject({ running: "a", version: "2.0", imageVersion: "1.0", committed: "a", previous: "factory" });
    expect(st.slots.map((s) => s.version)).toEqual(["2.0", null]);
    expect(rollbackNow(p).state.committed).toBe("factory");
    expect(stateOf(readGrubEnv(`${dir}/boot/grubenv`)).committed).toBe("factory");
    expect((await updateStatus(p)).events.map((e) => e.kind)).toEqual(["rollback"]);
  });
});

/** Stage 1's update part, cut out of init/stage1.sh, with the commands that touch the machine as stubs (STAGE1_SH=/path/to/busybox runs it with the initrd's shell). */
function stage1(state: string, log: string): string {
  const script = readFileSync(new URL("../../../init/stage1.sh", import.meta.url), "utf8");
  const part = script.slice(script.indexOf("BOOT=$STATE/boot"), script.indexOf("# A slot that cannot come up"));
  const stubs = `STATE=${state}; state_dev=/dev/test; CMDLINE="console=ttyS0 quiet"
arg() { :; }; say() { echo "say $*" >> ${log}; }; mark() { :; }
kexec() { echo "kexec $*" >> ${log}; return 1; }; mount() { return 1; }; umount() { :; }; blkid() { return 1; }
`;
  const r = spawnSync(process.env.STAGE1_SH ?? "dash", [...(process.env.STAGE1_SH ? ["sh"] : []), "-c", stubs + part], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return readFileSync(log, "utf8");
}

describe("stage 1's boot choice (init/stage1.sh)", () => {
  it("spends the try and kexecs the trial slot, then falls back and records why", () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-stage1-`);
    mkdirSync(`${dir}/boot`);
    mkdirSync(`${dir}/slots/a`, { recursive: true });
    for (const f of ["manifest.json", "vmlinuz", "initrd.img", "aios.sqfs"]) writeFileSync(`${dir}/slots/a/${f}`, "x");
    writeGrubEnv(`${dir}/boot/grubenv`, envOf(arm(fresh, "a"), { saved_entry: "0" }));

    const first = stage1(dir, `${dir}/log`);
    expect(first).toContain(`kexec -l ${dir}/slots/a/vmlinuz --initrd=${dir}/slots/a/initrd.img --command-line=console=ttyS0 quiet aios.slot=a`);
    const after = readFileSync(`${dir}/boot/grubenv`, "latin1");
    expect(after.length).toBe(1024);
    expect(readGrubEnv(`${dir}/boot/grubenv`)).toEqual({ saved_entry: "0", aios_committed: "factory", aios_previous: "", aios_try: "a", aios_tries: "0", aios_factory: "yes" });
    // The stub kexec failed: this boot goes on with the factory system, and says why.
    expect(parseEvents(readFileSync(`${dir}/boot/events`, "utf8")).map((e) => e.kind)).toEqual(["slot-failed"]);

    writeFileSync(`${dir}/log`, "");
    const second = stage1(dir, `${dir}/log`);
    expect(second).not.toContain("kexec");
    expect(stateOf(readGrubEnv(`${dir}/boot/grubenv`))).toEqual({ factory: true, committed: "factory", previous: "", trial: "", tries: 0 });
    const events = parseEvents(readFileSync(`${dir}/boot/events`, "utf8"));
    expect(events.at(-1)).toMatchObject({ kind: "fallback", system: "a" });
    expect(events.at(-1)!.why).toContain("never committed");
  });

  it("boots the committed slot without touching the boot state", () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-stage1-`);
    mkdirSync(`${dir}/boot`);
    mkdirSync(`${dir}/slots/b`, { recursive: true });
    for (const f of ["manifest.json", "vmlinuz", "initrd.img", "aios.sqfs"]) writeFileSync(`${dir}/slots/b/${f}`, "x");
    writeGrubEnv(`${dir}/boot/grubenv`, envOf(commit(fresh, "b")));
    const before = readFileSync(`${dir}/boot/grubenv`);
    expect(stage1(dir, `${dir}/log`)).toContain("aios.slot=b");
    expect(readFileSync(`${dir}/boot/grubenv`)).toEqual(before);
  });
});
