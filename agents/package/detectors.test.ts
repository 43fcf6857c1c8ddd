import { describe, expect, it } from "vitest";
import { factsOf, type Finding } from "../loop/types.ts";
import { ReactiveModel } from "../../runtime/models/reactive/reactive-model.ts";
import { validate } from "../../runtime/schema/validate.ts";
import { agent } from "./index.ts";
import { dpkgHealth, heldUpgrades, listsStale, securityUpgrades, upgradesAvailable } from "./detectors.ts";
import type { PackageObs } from "./observe.ts";
import type { Upgrade } from "./parse.ts";

const HOUR = 3_600_000;
const NOW = 1_000 * HOUR;
const up = (name: string, to: string, security: boolean): Upgrade => ({ name, from: "1.0", to, releases: [security ? "L:12/bookworm-security" : "L:12/bookworm"], security });
const obs = (o: Partial<PackageObs> = {}): PackageObs => ({
  lists: { hash: "h", files: 2, newestMs: NOW - HOUR }, refreshedAt: NOW - HOUR, listsChanged: false,
  upgrades: [], keptBack: [], held: [], unhealthy: [], audit: [], ...o,
});
const ctx = { now: NOW, settings: { stale_hours: 24 }, history: [] } as never;

describe("package detectors", () => {
  it("lists-stale fires past stale_hours, not for never-refreshed lists (the job refreshes those)", () => {
    expect(listsStale.detect(obs(), ctx)).toEqual([]);
    expect(listsStale.detect(obs({ refreshedAt: NOW - 30 * HOUR }), ctx)).toMatchObject([{ kind: "packages.lists-stale", severity: "info", facts: { ageHours: 30 } }]);
    expect(listsStale.detect(obs({ refreshedAt: 0 }), ctx)).toEqual([]);
  });

  it("security upgrades are one finding keyed by exact versions; held ones are left out", () => {
    const o = obs({ upgrades: [up("b", "1.1", true), up("a", "2", true), up("c", "3", false), up("h", "9", true)], held: ["h"], listsChanged: true });
    const [f] = securityUpgrades.detect(o, ctx);
    expect(f).toMatchObject({ kind: "packages.security-upgrades", key: "packages.security-upgrades:a=2,b=1.1", facts: { names: ["b", "a"], listsChanged: true } });
    // Newer fixes on new lists: a new incident.
    expect(securityUpgrades.detect(obs({ upgrades: [up("b", "1.2", true), up("a", "2", true)] }), ctx)[0]!.key).toBe("packages.security-upgrades:a=2,b=1.2");
    expect(upgradesAvailable.detect(o, ctx)).toMatchObject([{ kind: "packages.upgrades-available", key: "packages.upgrades-available:c=3", severity: "info" }]);
    expect(securityUpgrades.detect(obs(), ctx)).toEqual([]);
  });

  it("half-configured packages are fixable; half-installed ones and apt errors are broken", () => {
    const hc = { name: "x", version: "1", want: "install", state: "half-configured" };
    expect(dpkgHealth.detect(obs({ unhealthy: [hc], audit: ["x half configured"] }), ctx)).toMatchObject([{ kind: "packages.dpkg-unhealthy", key: "packages.dpkg-unhealthy:x", evidence: ["x half configured"] }]);
    expect(dpkgHealth.detect(obs({ unhealthy: [{ ...hc, state: "half-installed" }] }), ctx)).toMatchObject([{ kind: "packages.dpkg-broken", severity: "critical" }]);
    expect(dpkgHealth.detect(obs({ simulationError: "E: Unmet dependencies" }), ctx)).toMatchObject([{ kind: "packages.dpkg-broken", key: "packages.dpkg-broken:apt" }]);
    // apt complains while dpkg is half-done: configuring is the fix, not a person.
    expect(dpkgHealth.detect(obs({ unhealthy: [hc], simulationError: "E: dpkg was interrupted" }), ctx).map((f) => f.kind)).toEqual(["packages.dpkg-unhealthy"]);
    expect(dpkgHealth.detect(obs(), ctx)).toEqual([]);
  });

  it("held packages with newer versions are reported; kept-back ones that are not held are not", () => {
    expect(heldUpgrades.detect(obs({ keptBack: ["h", "k"], held: ["h"] }), ctx)).toMatchObject([{ kind: "packages.held", facts: { names: ["h"] } }]);
    expect(heldUpgrades.detect(obs({ keptBack: ["k"] }), ctx)).toEqual([]);
  });
});

describe("package rules and actions", () => {
  const decide = async (f: Finding) => (await new ReactiveModel(agent.rules).generate({ decisionType: f.kind, facts: factsOf(f), messages: [] } as never)).output;
  const finding = (kind: string, facts: Record<string, unknown> = {}): Finding => ({ kind, key: kind, severity: "info", summary: "", evidence: [], facts });

  it("every kind a detector or job emits has a rule, and each choice names a valid action", async () => {
    const cases: [Finding, string, unknown[]][] = [
      [finding("packages.lists-stale"), "refresh", [{ tool: "packages.refresh", input: {} }]],
      [agent.jobs!["refresh-lists"]!(obs(), ctx)[0]!, "refresh", [{ tool: "packages.refresh", input: {} }]],
      [finding("packages.security-upgrades", { names: ["a", "b"] }), "upgrade", [{ tool: "packages.upgrade", input: { names: ["a", "b"] } }]],
      [finding("packages.dpkg-unhealthy"), "configure", [{ tool: "packages.configure", input: {} }]],
      [finding("packages.upgrades-available"), "ignore", []],
      [finding("packages.dpkg-broken", { packages: [{ name: "a", version: "1", state: "half-installed" }], aptError: null }), "configure", [{ tool: "packages.configure", input: {} }]],
      [finding("packages.dpkg-broken", { packages: [], aptError: "E: Unmet dependencies" }), "escalate", []],
      [finding("packages.held"), "escalate", []],
    ];
    for (const [f, action, calls] of cases) {
      const out = await decide(f);
      expect(out).toMatchObject({ kind: "object", object: { action } });
      const choice = (out as { object: { action: string; params: Record<string, unknown> } }).object;
      const spec = agent.actions[choice.action];
      if (!spec) { expect(["escalate", "ignore"]).toContain(action); continue; }
      expect(validate(spec.params, choice.params)).toEqual([]);
      expect(spec.calls(choice.params, f)).toEqual(calls);
    }
    expect(Object.keys(agent.rules).sort()).toEqual([...new Set(cases.map(([f]) => f.kind))].sort());
  });

  it("does not propose an empty upgrade", async () => {
    expect(await decide(finding("packages.security-upgrades", { names: [] }))).toMatchObject({ kind: "unknown" });
  });
});
