// The network agent: links, addresses, routes, DHCP, the resolver, the gateway, the clock, hostname,
// proxy and the default firewall. Its steps live beside this file; the loop runs them.
import type { AgentModule } from "../loop/types.ts";
import { actions } from "./actions.ts";
import { detectors } from "./detectors.ts";
import { observe } from "./observe.ts";
import { rules } from "./rules.ts";
import type { NetObs } from "./types.ts";

export const agent: AgentModule<NetObs> = { name: "network", observe, detectors, rules, actions };
