// The update oneshot's shell guard (rootfs/usr/share/aios/update-boot.sh) against the rule it stands
// in for, hasBootWork (runtime/update/boot.ts), over a table of boots: the guard starts Bun exactly
// when the TypeScript would have work. Run with dash, /proc/cmdline and /usr/bin/aios as test files.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { SETTINGS } from "../../../runtime/config/settings.ts";
import { hasBootWork } from "../../../runtime/update/boot.ts";
import { eventsPath, type UpdatePaths } from "../../../runtime/update/slots.ts";

const GUARD = new URL("../../../rootfs/usr/share/aios/update-boot.sh", import.meta.url).pathname;

const CMDLINES = [
  "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 quiet",
  "console=ttyS0 aios.slot=a",
  "aios.slot=b aios.boot=grub panic=10",
  "aios.slot=a aios.boot=grub",
  "aios.slot=factory",
  "aios.slot=c",
  "aios.slot=ab",
  "xaios.slot=a",
  "aios.slot=",
];
const EVENTS: (string | null)[] = [null, "", "1764700000 fallback a the trial boot of slot a never committed\n"];

describe("update-boot.sh", () => {
  it("starts `aios update-boot` exactly when hasBootWork says there is work", () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-update-boot-`);
    const script = readFileSync(GUARD, "utf8");
    // The two machine paths it reads and runs, pointed at test files.
    expect(script).toContain("/proc/cmdline");
    expect(script).toContain("/usr/bin/aios update-boot");
    const guard = script.replaceAll("/proc/cmdline", `${dir}/cmdline`).replaceAll("/usr/bin/aios", `${dir}/aios`);
    writeFileSync(`${dir}/aios`, "#!/bin/sh\necho \"started $*\"\n", { mode: 0o755 });
    const p: UpdatePaths = { stateDir: `${dir}/state`, runDir: `${dir}/run`, cmdline: "", publicKey: "", versionFile: "", partitions: false };
    const rows: string[] = [];
    const differ: string[] = [];
    for (const cmdline of CMDLINES) {
      for (const events of EVENTS) {
        rmSync(p.stateDir, { recursive: true, force: true });
        mkdirSync(`${p.stateDir}/boot`, { recursive: true });
        if (events !== null) writeFileSync(eventsPath(p), events);
        writeFileSync(`${dir}/cmdline`, `${cmdline}\n`); // as /proc/cmdline reads
        const r = spawnSync("dash", ["-c", guard], { encoding: "utf8", env: { PATH: process.env.PATH, AIOS_STATE_DIR: p.stateDir } });
        expect(r.status, r.stderr).toBe(0);
        const shell = r.stdout === "started update-boot\n" ? "starts" : r.stdout === "" ? "skips" : `says ${r.stdout}`;
        const ts = hasBootWork({ ...p, cmdline: `${cmdline}\n` }) ? "starts" : "skips";
        const row = `${cmdline} | events ${events === null ? "none" : events ? "some" : "empty"} | ts ${ts}`;
        rows.push(row);
        if (shell !== ts) differ.push(`${row} | shell ${shell}`);
      }
    }
    expect(differ).toEqual([]);
    // The table covers both answers.
    expect(rows.some((r) => r.endsWith("ts starts"))).toBe(true);
    expect(rows.some((r) => r.endsWith("ts skips"))).toBe(true);
  });

  it("defaults to the state_dir setting's default when init passes no AIOS_STATE_DIR", () => {
    const state = SETTINGS.find((s) => s.key === "state_dir")!;
    const shellStateDir = `\${${state.env}:-${state.default}}`;
    expect(readFileSync(GUARD, "utf8")).toContain(`events="${eventsPath({ stateDir: shellStateDir } as UpdatePaths)}"`);
  });
});
