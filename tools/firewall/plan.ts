// The effects of a firewall change: rules added and deleted, chain policies changed, and, from nft's
// own parse of before and after, which ports became reachable or unreachable.
import type { Effect } from "../../runtime/policy/effects.ts";
import type { Probe } from "./reach.ts";
import { reachable } from "./reach.ts";
import type { Ruleset } from "./nft.ts";
import { diffRulesets, portsMentioned } from "./text.ts";

export function firewallEffects(before: Ruleset, after: Ruleset, watchPorts: number[]): Effect[] {
  const d = diffRulesets(before.text, after.text);
  const effects: Effect[] = [
    ...d.deleted.map((r): Effect => ({ kind: "firewall.rule", change: "delete", ...r })),
    ...d.added.map((r): Effect => ({ kind: "firewall.rule", change: "add", ...r })),
    ...d.policies.map((p): Effect => ({ kind: "firewall.policy", ...p })),
  ];
  const ports = new Set([...watchPorts, ...portsMentioned(before.text), ...portsMentioned(after.text)]);
  for (const port of [...ports].sort((a, b) => a - b)) {
    for (const proto of ["tcp", "udp"] as const) {
      const probe: Probe = { proto, port };
      const was = reachable(before.json, probe), is = reachable(after.json, probe);
      if (was !== is) effects.push({ kind: is ? "port.open" : "port.close", port, proto });
    }
  }
  return effects;
}
