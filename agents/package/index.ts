// The package agent: keeps apt's lists fresh, lists pending upgrades and proposes the security ones,
// keeps dpkg healthy. Upgrades wait for approval (high risk); the registry snapshots dpkg first and
// rolls back when health checks fail after the change.
import type { AgentModule, Finding } from "../loop/types.ts";
import { actions } from "./actions.ts";
import { detectors } from "./detectors.ts";
import { observe, type PackageObs } from "./observe.ts";
import { rules } from "./rules.ts";

function refreshDue(obs: PackageObs): Finding[] {
  return [{
    kind: "packages.refresh-due", key: "packages.refresh-due", severity: "info",
    summary: "scheduled refresh of the package lists",
    evidence: [`last refreshed ${obs.refreshedAt ? new Date(obs.refreshedAt).toISOString() : "never"}`],
    facts: { refreshedAt: obs.refreshedAt },
  }];
}

export const agent: AgentModule<PackageObs> = {
  name: "package",
  observe,
  detectors,
  rules,
  actions,
  jobs: { "refresh-lists": refreshDue },
};
