// Package tools against a local repository of .debs built here and a private dpkg root: apt's
// simulation is the preview, and it must match what installing, upgrading and removing really do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Effect } from "../../../runtime/policy/effects.ts";
import { packageTools } from "../../../tools/packages/index.ts";
import { type AptWorld, aptMissing, aptWorld } from "../../fixtures/apt-root.ts";
import { type Harness, harness, policy, why } from "./harness.ts";

const skip = aptMissing();
if (skip) console.warn(`package tests skipped: ${skip}`);

/** What changed between two installed-package maps, as the effects a preview should have listed. */
function changes(before: Record<string, string>, after: Record<string, string>): Effect[] {
  const out: Effect[] = [];
  for (const [n, v] of Object.entries(after)) {
    if (!(n in before)) out.push({ kind: "package.install", name: n, version: v });
    else if (before[n] !== v) out.push({ kind: "package.upgrade", name: n, from: before[n]!, to: v });
  }
  for (const [n, v] of Object.entries(before)) if (!(n in after)) out.push({ kind: "package.remove", name: n, version: v });
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
const sorted = (e: Effect[]) => [...e].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe.skipIf(skip !== null)("package tools (private apt root)", () => {
  let w: AptWorld;
  let h: Harness;
  const hostHolds = () => execFileSync("apt-mark", ["showhold"], { encoding: "utf8" });
  let hostHoldsBefore = "";
  let healthy = true;

  beforeAll(() => {
    hostHoldsBefore = hostHolds();
    w = aptWorld();
    w.add({ name: "aiost-a", version: "1.0", depends: "aiost-b" });
    w.add({ name: "aiost-b", version: "2.0" });
    w.reindex();
    h = harness(() => packageTools({ aptOptions: w.aptOptions }), {
      aptOptions: w.aptOptions, dpkgOptions: w.dpkgOptions,
      healthChecks: [{ name: "app", check: async () => (healthy ? true : "app broken after the change") }],
    });
    h.policies.set("pkg", policy("pkg", "trusted", ["pkg.*"]));
    h.policies.set("careful", policy("careful", "normal", ["pkg.*"]));
  });
  afterAll(() => { h?.close(); if (w) rmSync(w.dir, { recursive: true, force: true }); });

  const step = async (tool: string, input: unknown) => {
    const before = w.installed();
    const p = await h.registry.preview({ agent: "pkg", tool, input, why });
    if (p.status !== "preview") throw new Error(JSON.stringify(p));
    expect(w.installed()).toEqual(before); // the simulation installed nothing
    expect(await h.registry.call({ agent: "pkg", tool, input, why })).toMatchObject({ status: "done" });
    expect(sorted(p.plan.effects)).toEqual(changes(before, w.installed()));
    return p.plan.effects;
  };

  it("previews an install with its dependency, exactly as dpkg then records it", async () => {
    expect(sorted(await step("packages.install", { names: ["aiost-a"] }))).toEqual([
      { kind: "package.install", name: "aiost-a", version: "1.0" },
      { kind: "package.install", name: "aiost-b", version: "2.0" },
    ]);
  });

  it("previews an upgrade from the repository's newer version", async () => {
    w.add({ name: "aiost-b", version: "2.1" });
    w.reindex();
    expect(await step("packages.upgrade", { names: ["aiost-b"] })).toEqual([{ kind: "package.upgrade", name: "aiost-b", from: "2.0", to: "2.1" }]);
  });

  it("waits for approval to install in normal mode: new code would run as root", async () => {
    w.add({ name: "aiost-d", version: "1.0" });
    w.reindex();
    const out = await h.registry.call({ agent: "careful", tool: "packages.install", input: { names: ["aiost-d"] }, why });
    expect(out).toMatchObject({ status: "pending", risk: "high", effects: [{ kind: "package.install", name: "aiost-d", version: "1.0" }] });
    expect(w.installed()["aiost-d"]).toBeUndefined();
  });

  it("holds a package in the private root only", async () => {
    expect(await h.registry.call({ agent: "pkg", tool: "packages.hold", input: { name: "aiost-a", hold: true }, why })).toMatchObject({ status: "done", effects: [{ kind: "package.hold" }] });
    expect(execFileSync("apt-mark", [...w.aptOptions, "showhold"], { encoding: "utf8" })).toContain("aiost-a");
    expect(hostHolds()).toBe(hostHoldsBefore);
  });

  it("cannot preview removing what a held package needs; once released, removal needs approval in normal mode", async () => {
    const held = await h.registry.call({ agent: "careful", tool: "packages.remove", input: { names: ["aiost-b"] }, why });
    expect(held).toMatchObject({ status: "refused", reason: expect.stringContaining("held") });
    await h.registry.call({ agent: "pkg", tool: "packages.hold", input: { name: "aiost-a", hold: false }, why });
    const out = await h.registry.call({ agent: "careful", tool: "packages.remove", input: { names: ["aiost-b"] }, why });
    expect(out).toMatchObject({ status: "pending", risk: "high" });
    expect(sorted(await step("packages.remove", { names: ["aiost-b"] }))).toEqual([
      { kind: "package.remove", name: "aiost-a", version: "1.0" },
      { kind: "package.remove", name: "aiost-b", version: "2.1" },
    ]);
  });

  it("rolls an install back to the snapshotted dpkg selections when a health check fails", async () => {
    w.add({ name: "aiost-c", version: "1.0" });
    w.reindex();
    const before = w.installed();
    healthy = false;
    const out = await h.registry.call({ agent: "pkg", tool: "packages.install", input: { names: ["aiost-c"] }, why });
    healthy = true;
    expect(out).toMatchObject({ status: "rolled_back", reason: expect.stringContaining("app broken") });
    expect(w.installed()).toEqual(before);
  });

  it("searches the private package lists", async () => {
    expect(await h.registry.call({ agent: "pkg", tool: "packages.search", input: { query: "aiost" }, why }))
      .toMatchObject({ status: "done", result: expect.arrayContaining([{ name: "aiost-a", description: "aiOS test package" }]) });
  });
});

// A power cut in the middle of an unpack leaves a package half-installed ("must be reinstalled"):
// dpkg --configure -a cannot mend it; packages.configure unpacks the same version again from the .deb
// the appliance kept (rootfs/usr/share/aios/keep-debs.sh), and says which it has no .deb for.
describe.skipIf(skip !== null)("mending half-installed packages (private apt root)", () => {
  const HOOK = new URL("../../../rootfs/usr/share/aios/keep-debs.sh", import.meta.url).pathname;
  let w: AptWorld;
  let h: Harness;
  let kept = "";
  const halfInstall = (name: string) => {
    const status = `${w.root}/var/lib/dpkg/status`;
    const text = readFileSync(status, "utf8").replace(new RegExp(`(Package: ${name}\\n(?:.+\\n)*?)Status: install ok installed`), "$1Status: install reinstreq half-installed");
    writeFileSync(status, text);
  };
  beforeAll(() => {
    w = aptWorld();
    for (const n of ["aiost-m", "aiost-n"]) w.add({ name: n, version: "1.0" });
    w.reindex();
    const state = join(w.dir, "aios-state");
    kept = join(state, "packages");
    w.aptGet(["-o", `DPkg::Pre-Install-Pkgs::=AIOS_STATE_DIR=${state} ${HOOK}`, "install", "aiost-m"]);
    w.aptGet(["install", "aiost-n"]); // without the hook: no kept .deb
    h = harness(() => packageTools({ aptOptions: w.aptOptions, dpkgOptions: w.dpkgOptions, keptDebs: [kept] }), { aptOptions: w.aptOptions, dpkgOptions: w.dpkgOptions });
    h.policies.set("pkg", policy("pkg", "trusted", ["pkg.*"]));
  });
  afterAll(() => { h?.close(); if (w) rmSync(w.dir, { recursive: true, force: true }); });

  it("unpacks the same version again from the kept .deb and configures it; the preview names it", async () => {
    halfInstall("aiost-m");
    expect(w.states()["aiost-m"]).toBe("half-installed");
    const p = await h.registry.preview({ agent: "pkg", tool: "packages.configure", input: {}, why });
    expect(p).toMatchObject({ status: "preview", plan: { effects: [{ kind: "package.configure", name: "aiost-m", version: "1.0", state: "half-installed, reinstall required" }] } });
    const out = await h.registry.call({ agent: "pkg", tool: "packages.configure", input: {}, why });
    expect(out).toMatchObject({ status: "done", result: { reinstalled: ["aiost-m_1.0_all.deb"] } });
    expect(w.states()["aiost-m"]).toBe("installed");
    expect(execFileSync("dpkg", [...w.dpkgOptions, "--audit"], { encoding: "utf8" })).toBe("");
  });

  it("says which package it has no .deb for, and how to mend it by hand", async () => {
    halfInstall("aiost-n");
    const out = await h.registry.call({ agent: "pkg", tool: "packages.configure", input: {}, why });
    expect(out).toMatchObject({ status: "failed", error: expect.stringContaining("no local .deb of aiost-n 1.0") });
    expect(JSON.stringify(out)).toContain("apt-get install --reinstall aiost-n");
  });
});
