// Reactive rules, one set per finding kind: every duty of the package agent is covered with no model.
// Changes are proposed, not forced: upgrades are high risk, so in normal mode they wait for a person.
import { always, type Choice } from "../loop/types.ts";
import type { Rule } from "../../runtime/models/reactive/reactive-model.ts";

const names = (f: Record<string, unknown>) => (Array.isArray(f.names) ? f.names.filter((n): n is string => typeof n === "string") : []);
const escalate = (reason: string) => (): Choice => ({ action: "escalate", params: {}, reason });

export const rules: Record<string, Rule[]> = {
  "packages.lists-stale": [always("refresh", () => ({ action: "refresh", params: {}, reason: "package lists are older than the limit; refreshing changes no installed package" }))],
  "packages.refresh-due": [always("refresh", () => ({ action: "refresh", params: {}, reason: "scheduled refresh of the package lists" }))],
  "packages.security-upgrades": [
    always("upgrade", (f) => ({ action: "upgrade", params: { names: names(f) }, reason: `security fixes pending for ${names(f).join(", ")}; apt's simulation is the preview` }), (f) => names(f).length > 0),
  ],
  // Routine upgrades are listed (the finding is the list); the operator picks the time.
  "packages.upgrades-available": [always("list", () => ({ action: "ignore", params: {}, reason: "routine upgrades are listed for the operator; only security fixes are proposed" }))],
  "packages.dpkg-unhealthy": [always("configure", () => ({ action: "configure", params: {}, reason: "dpkg left packages unconfigured; dpkg --configure -a finishes them at their installed versions" }))],
  // Half-installed files (a power cut mid-unpack): the same version from apt's kept .deb mends them (the
  // tool says which it has no .deb for, and the failure reaches a person). apt failing to resolve
  // dependencies, with nothing half-installed, needs a person choosing versions.
  "packages.dpkg-broken": [
    always("repair", () => ({ action: "configure", params: {}, reason: "packages were left half-installed; unpacking the same versions again from the .debs apt kept, then configuring, mends them" }),
      (f) => Array.isArray(f.packages) && f.packages.length > 0),
    always("escalate", escalate("apt cannot resolve dependencies: a person must choose versions")),
  ],
  "packages.held": [always("escalate", escalate("a person put these packages on hold; only a person lifts it"))],
};
