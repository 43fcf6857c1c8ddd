// The package carry-over after an update, with real apt and dpkg in private roots: the old system's
// operator installs packages through apt with the image's keep-debs hook, one with plain dpkg (no .deb
// kept), one that needs an older version of an image package; the new system's first boot installs
// what it can from the kept .debs into a fresh root whose "image" ships a newer version of that package
// and no longer ships another package of the old image.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aptMissing, aptWorld } from "../../fixtures/apt-root.ts";
import { buildDeb } from "../../fixtures/apt-repo.ts";
import { carriedReport, carryPackages } from "../../../runtime/update/carry.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import type { UpdatePaths } from "../../../runtime/update/slots.ts";

const HOOK = new URL("../../../rootfs/usr/share/aios/keep-debs.sh", import.meta.url).pathname;
const missing = aptMissing();

describe.skipIf(missing)("package carry-over after an update", () => {
  it("reinstalls the operator's packages from the kept .debs, and says what did not come over and why", async () => {
    const state = mkdtempSync(join(tmpdir(), "aios-carry-"));
    const p: UpdatePaths = { stateDir: state, runDir: `${state}/run`, cmdline: "aios.slot=a", publicKey: "", versionFile: "", partitions: false };
    // The old system: "imagepkg" stands for a package of its image; the rest the operator installed.
    const old = aptWorld();
    old.add({ name: "imagepkg", version: "1.0" });
    old.add({ name: "dropped", version: "1.0" });
    old.add({ name: "carry-lib", version: "1.0" });
    old.add({ name: "carry-app", version: "1.0", depends: "carry-lib" });
    old.add({ name: "carry-old", version: "1.0", depends: "imagepkg (<< 2)" });
    old.reindex();
    old.aptGet(["install", "imagepkg", "dropped"]);
    const oldImage = readFileSync(`${old.root}/var/lib/dpkg/status`, "utf8");
    const hook = `DPkg::Pre-Install-Pkgs::=AIOS_STATE_DIR=${state} ${HOOK}`;
    old.aptGet(["-o", hook, "install", "carry-app", "carry-old"]);
    expect(readdirSync(`${state}/packages`).sort()).toEqual(["carry-app_1.0_all.deb", "carry-lib_1.0_all.deb", "carry-old_1.0_all.deb"]);
    buildDeb({ name: "carry-manual", version: "1.0" }, `${old.dir}/b`, old.dir);
    execFileSync("dpkg", [...old.dpkgOptions, "-i", `${old.dir}/carry-manual_1.0_all.deb`], { stdio: "ignore" });
    // Its upper layer as the state disk holds it, and the update's marker in slot a's folder.
    const upper = `${state}/overlay/factory/upper`;
    mkdirSync(`${upper}/var/lib/dpkg`, { recursive: true });
    mkdirSync(`${upper}/var/lib/apt`, { recursive: true });
    copyFileSync(`${old.root}/var/lib/dpkg/status`, `${upper}/var/lib/dpkg/status`);
    copyFileSync(`${old.dir}/state/extended_states`, `${upper}/var/lib/apt/extended_states`);
    mkdirSync(`${state}/overlay/a`, { recursive: true });
    writeFileSync(`${state}/overlay/a/carry-from`, "factory\n");
    writeFileSync(`${state}/overlay/a/from-image-status`, oldImage);
    writeFileSync(`${state}/packages/stale_0.1_all.deb`, "no system has it");

    // The new system: its image ships imagepkg 2.0 and nothing of the operator's.
    const root = mkdtempSync(join(tmpdir(), "aios-carry-new-"));
    for (const d of ["var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/apt", "var/log"]) mkdirSync(`${root}/${d}`, { recursive: true });
    writeFileSync(`${root}/var/lib/dpkg/status`, "");
    const dpkgOptions = [`--root=${root}`, `--admindir=${root}/var/lib/dpkg`, `--log=${root}/dpkg.log`, "--force-script-chrootless", "--force-not-root"];
    buildDeb({ name: "imagepkg", version: "2.0" }, `${root}/b`, root);
    execFileSync("dpkg", [...dpkgOptions, "-i", `${root}/imagepkg_2.0_all.deb`], { stdio: "ignore" });
    copyFileSync(`${root}/var/lib/dpkg/status`, `${root}/image-status`);

    const r = await carryPackages(p, { running: "a", root, imageStatus: `${root}/image-status`, dpkgOptions, runner: realRunner });
    console.log(`carry-over of ${r?.carried.length} package(s): ${r?.ms} ms`);
    expect(r!.from).toBe("factory");
    expect(r!.carried.map((x) => [x.name, x.version, x.auto]).sort()).toEqual([["carry-app", "1.0", false], ["carry-lib", "1.0", true]]);
    const failed = Object.fromEntries(r!.failed.map((f) => [f.name, f.why]));
    expect(Object.keys(failed).sort()).toEqual(["carry-manual", "carry-old"]);
    expect(failed["carry-manual"]).toContain("no kept .deb");
    expect(failed["carry-old"]).toMatch(/carry-old depends on imagepkg \(<< 2\)/);
    const states = execFileSync("dpkg-query", [`--admindir=${root}/var/lib/dpkg`, "-W", "-f", "${Package} ${Version} ${db:Status-Status}\n"], { encoding: "utf8" });
    expect(states.split("\n").filter(Boolean).sort()).toEqual(["carry-app 1.0 installed", "carry-lib 1.0 installed", "imagepkg 2.0 installed"]);
    expect(readFileSync(`${root}/usr/share/carry-app/version`, "utf8")).toBe("1.0");
    expect(readFileSync(`${root}/var/lib/apt/extended_states`, "utf8")).toMatch(/Package: carry-lib\nArchitecture: all\nAuto-Installed: 1/);
    // Reported once: the marker is gone, the report stays for `aiosctl update status`.
    expect(existsSync(`${state}/overlay/a/carry-from`)).toBe(false);
    expect(carriedReport(p, "a")).toEqual(r);
    expect(await carryPackages(p, { running: "a", root, imageStatus: `${root}/image-status`, dpkgOptions, runner: realRunner })).toBeNull();
    // The .debs no system lists any more go; the ones some system has installed stay.
    expect(readdirSync(`${state}/packages`).sort()).toEqual(["carry-app_1.0_all.deb", "carry-lib_1.0_all.deb", "carry-old_1.0_all.deb"]);
  });
});
