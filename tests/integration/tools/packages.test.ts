// Package tools against a local repository of .debs built here and a private dpkg root: apt's
// simulation is the preview, and it must match what installing, upgrading and removing really do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
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
