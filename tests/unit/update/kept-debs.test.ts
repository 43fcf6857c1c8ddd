// Where the kept .debs live is keptDebsDir (runtime/update/slots.ts); shell names that folder twice,
// apt's hook (rootfs/usr/share/aios/keep-debs.sh, which rootfs/etc/apt/apt.conf.d/50aios-keep-debs runs)
// and stage 1's factory reset. Both run here with dash against the TypeScript's folder.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { SETTINGS } from "../../../runtime/config/settings.ts";
import { keptDebsDir } from "../../../runtime/update/slots.ts";

const rootfs = (path: string) => new URL(`../../../rootfs${path}`, import.meta.url).pathname;
const HOOK = "/usr/share/aios/keep-debs.sh";
const state = SETTINGS.find((s) => s.key === "state_dir")!;

describe("the kept .debs' folder", () => {
  it("is where apt's hook keeps what apt installs", () => {
    expect(readFileSync(rootfs("/etc/apt/apt.conf.d/50aios-keep-debs"), "utf8")).toContain(`DPkg::Pre-Install-Pkgs { "${HOOK}"; };`);
    const dir = mkdtempSync(`${tmpdir()}/aios-kept-`);
    writeFileSync(`${dir}/probe_1.0_all.deb`, "a deb");
    const r = spawnSync("dash", [rootfs(HOOK)], { encoding: "utf8", input: `${dir}/probe_1.0_all.deb\n`, env: { PATH: process.env.PATH, [state.env]: `${dir}/state` } });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(`${keptDebsDir({ stateDir: `${dir}/state` })}/probe_1.0_all.deb`, "utf8")).toBe("a deb");
  });

  it("is the hook's default under the state_dir setting's default (apt run by hand has no AIOS_STATE_DIR)", () => {
    expect(readFileSync(rootfs(HOOK), "utf8")).toContain(`dir=${keptDebsDir({ stateDir: `\${${state.env}:-${state.default}}` })}\n`);
  });

  it("goes with the overlay at a factory reset (init/stage1.sh)", () => {
    const script = readFileSync(new URL("../../../init/stage1.sh", import.meta.url), "utf8");
    const from = script.indexOf('if [ -f "$STATE/factory-reset" ]');
    const to = script.indexOf("# A/B updates");
    expect(from).toBeGreaterThan(0);
    expect(to).toBeGreaterThan(from);
    const dir = mkdtempSync(`${tmpdir()}/aios-reset-`);
    const kept = keptDebsDir({ stateDir: dir });
    mkdirSync(kept);
    writeFileSync(`${kept}/probe_1.0_all.deb`, "a deb");
    mkdirSync(`${dir}/boot`);
    writeFileSync(`${dir}/factory-reset`, "overlay\n");
    const r = spawnSync("dash", ["-c", `STATE=${dir}; say() { :; }\n${script.slice(from, to)}`], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(kept)).toBe(false);
    expect(existsSync(`${dir}/factory-reset`)).toBe(false);
    expect(existsSync(`${dir}/boot`)).toBe(true);
  });
});
