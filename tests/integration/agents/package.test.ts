// The package agent against a local apt repository built here and a private dpkg root: it notices an
// operator's apt-get update, marks the security upgrade, proposes it through a real registry (pending
// approval in normal mode with apt's simulated effects), rolls a failed upgrade back, and repairs a
// half-configured package. The loop's steps are driven by hand: observe → detect → rules → tool calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { agent } from "../../../agents/package/index.ts";
import type { PackageObs } from "../../../agents/package/observe.ts";
import { type AgentContext, type Choice, factsOf, type Finding } from "../../../agents/loop/types.ts";
import { ReactiveModel } from "../../../runtime/models/reactive/reactive-model.ts";
import { realRunner, type Runner } from "../../../runtime/proc/exec.ts";
import { packageTools } from "../../../tools/packages/index.ts";
import { type AptWorld, aptMissing, aptWorld } from "../../fixtures/apt-root.ts";
import { type Harness, harness, policy, why } from "../tools/harness.ts";

const skip = aptMissing();
if (skip) console.warn(`package agent tests skipped: ${skip}`);

describe.skipIf(skip !== null)("package agent (local apt repository, private root)", () => {
  let w: AptWorld;
  let h: Harness;
  let healthy = true;
  const memo = new Map<string, unknown>();
  const ctx = (settings: Record<string, unknown> = {}): AgentContext => ({
    now: Date.now(), runner: realRunner, root: "/",
    settings: { apt_options: w.aptOptions, dpkg_options: w.dpkgOptions, stale_hours: 24, ...settings },
    memo: { get: <T>(k: string) => memo.get(k) as T | undefined, set: (k, v) => void memo.set(k, v) },
  });
  const findings = (obs: PackageObs, c = ctx()) => agent.detectors.flatMap((d) => d.detect(obs, { ...c, history: [] }));
  const choose = async (f: Finding): Promise<Choice> => {
    const out = await new ReactiveModel(agent.rules).generate({ decisionType: f.kind, facts: factsOf(f), messages: [] } as never);
    if (out.output.kind !== "object") throw new Error(`no rule answered ${f.kind}`);
    return out.output.object as Choice;
  };
  /** Decide on the finding of `kind` and send its action's tool calls through the registry. */
  const act = async (obs: PackageObs, kind: string, c = ctx()) => {
    const f = findings(obs, c).find((x) => x.kind === kind);
    if (!f) throw new Error(`no ${kind} finding in ${JSON.stringify(findings(obs, c).map((x) => x.kind))}`);
    const choice = await choose(f);
    const calls = agent.actions[choice.action]!.calls(choice.params, f);
    return Promise.all(calls.map((call) => h.registry.call({ agent: "package", tool: call.tool, input: call.input, why })));
  };

  beforeAll(() => {
    w = aptWorld();
    w.add({ name: "aiost-lib", version: "1.0" });
    w.add({ name: "aiost-tool", version: "1.0" });
    w.reindex();
    w.aptGet(["install", "aiost-lib", "aiost-tool"]);
    h = harness(() => packageTools({ aptOptions: w.aptOptions, dpkgOptions: w.dpkgOptions }), {
      aptOptions: w.aptOptions, dpkgOptions: w.dpkgOptions,
      healthChecks: [{ name: "app", check: async () => (healthy ? true : "app broken after the upgrade") }],
    });
    h.policies.set("package", policy("package", "normal", ["pkg.read", "pkg.refresh", "pkg.upgrade", "pkg.configure"]));
  });
  afterAll(() => { h?.close(); if (w) rmSync(w.dir, { recursive: true, force: true }); });

  it("notices an operator's apt-get update and marks the security upgrade", async () => {
    const first = await agent.observe(ctx());
    expect(first.upgrades).toEqual([]);
    expect(findings(first)).toEqual([]);
    expect((await agent.observe(ctx())).listsChanged).toBe(false);

    w.add({ name: "aiost-lib", version: "1.1", suite: "security" });
    w.add({ name: "aiost-tool", version: "2.0" });
    w.reindex(); // the operator's `apt-get update`, not the agent's
    const next = await agent.observe(ctx());
    expect(next.listsChanged).toBe(true);
    expect(next.upgrades).toMatchObject([
      { name: "aiost-lib", from: "1.0", to: "1.1", security: true },
      { name: "aiost-tool", from: "1.0", to: "2.0", security: false },
    ]);
    expect(findings(next).map((f) => [f.kind, f.key])).toEqual([
      ["packages.security-upgrades", "packages.security-upgrades:aiost-lib=1.1"],
      ["packages.upgrades-available", "packages.upgrades-available:aiost-tool=2.0"],
    ]);
  });

  it("proposes the security upgrade: pending approval with apt's simulated effects, then upgraded once approved", async () => {
    const obs = await agent.observe(ctx());
    const [out] = await act(obs, "packages.security-upgrades");
    expect(out).toMatchObject({ status: "pending", risk: "high", effects: [{ kind: "package.upgrade", name: "aiost-lib", from: "1.0", to: "1.1" }] });
    expect(w.installed()["aiost-lib"]).toBe("1.0");
    if (out!.status !== "pending") return;
    h.approvals.approve(out!.approvalId, "user:root");
    expect(await h.registry.runApproved(out!.approvalId)).toMatchObject({ status: "done" });
    expect(w.installed()).toMatchObject({ "aiost-lib": "1.1", "aiost-tool": "1.0" });
    const after = await agent.observe(ctx());
    expect(findings(after).map((f) => f.kind)).toEqual(["packages.upgrades-available"]);
  });

  it("rolls an approved upgrade back to the old version when a health check fails", async () => {
    const out = await h.registry.call({ agent: "package", tool: "packages.upgrade", input: { names: ["aiost-tool"] }, why });
    if (out.status !== "pending") throw new Error(JSON.stringify(out));
    h.approvals.approve(out.approvalId, "user:root");
    healthy = false;
    const ran = await h.registry.runApproved(out.approvalId);
    healthy = true;
    expect(ran).toMatchObject({ status: "rolled_back", reason: expect.stringContaining("app broken") });
    expect(w.installed()).toMatchObject({ "aiost-lib": "1.1", "aiost-tool": "1.0" });
  });

  it("refreshes stale lists itself (low risk: runs in normal mode) and records when", async () => {
    const c = ctx({ stale_hours: 0 });
    const before = Date.now();
    const obs = await agent.observe(c);
    const [out] = await act(obs, "packages.lists-stale", { ...c, now: before + 1 });
    expect(out).toMatchObject({ status: "done", risk: "low", effects: [{ kind: "package.lists", sources: 2 }] });
    // apt leaves unchanged lists alone, so the refresh stamp is what says "refreshed now" (the kernel's
    // file clock may trail Date.now() by a tick, hence the small allowance).
    expect(existsSync(join(w.dir, "state/periodic/update-success-stamp"))).toBe(true);
    expect((await agent.observe(ctx())).refreshedAt).toBeGreaterThanOrEqual(before - 100);
  });

  it("finds a half-configured package with dpkg --audit and configures it", async () => {
    w.add({ name: "aiost-bad", version: "1.0", postinst: '[ -e "$DPKG_ROOT/fixed" ] || { echo "postinst: not ready" >&2; exit 1; }' });
    w.reindex();
    expect(() => w.aptGet(["install", "aiost-bad"])).toThrow();
    expect(w.states()["aiost-bad"]).toBe("half-configured");
    const obs = await agent.observe(ctx());
    expect(obs.audit.join("\n")).toContain("aiost-bad");
    expect(findings(obs).find((f) => f.kind === "packages.dpkg-unhealthy")).toMatchObject({ key: "packages.dpkg-unhealthy:aiost-bad", facts: { packages: [{ name: "aiost-bad", state: "half-configured" }] } });

    writeFileSync(join(w.root, "fixed"), ""); // what a person (or a config fix) would have put right
    const [out] = await act(obs, "packages.dpkg-unhealthy");
    expect(out).toMatchObject({ status: "done", risk: "low", effects: [{ kind: "package.configure", name: "aiost-bad", version: "1.0", state: "half-configured" }] });
    expect(w.states()["aiost-bad"]).toBe("installed");
    const after = await agent.observe(ctx());
    expect(after.audit).toEqual([]);
    expect(findings(after).filter((f) => f.kind.startsWith("packages.dpkg"))).toEqual([]);
  });

  it("spawns nothing in an idle cycle; dpkg --audit runs again when dpkg's database changes", async () => {
    const spawned: string[] = [];
    const counting: Runner = { run: (argv, o) => { spawned.push(argv[0]!); return realRunner.run(argv, o); } };
    const c = () => ({ ...ctx(), runner: counting });
    await agent.observe(c());
    spawned.length = 0;
    const idle = await agent.observe(c());
    expect(spawned).toEqual([]);
    expect(idle.audit).toEqual([]);
    // A package's file list gone from info/: the status file is unchanged, the audit's answer is not.
    rmSync(join(w.root, "var/lib/dpkg/info/aiost-tool.list"));
    const next = await agent.observe(c());
    expect(spawned).toEqual(["dpkg"]);
    expect(next.audit.join("\n")).toContain("aiost-tool");
  });
});
