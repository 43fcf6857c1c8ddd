// The maintenance agent: keeps logs rotated and compressed, temp and caches clean, databases compact,
// snapshots within retention, and wins disk space back in order of safety. Every change is a tool call
// (tools/maintenance) whose guard keeps databases, models, snapshots, keys and /etc out of reach.
import type { AgentModule } from "../loop/types.ts";
import { actions } from "./actions.ts";
import { detectors } from "./detectors.ts";
import { jobs } from "./jobs.ts";
import { type MaintObs, observe } from "./observe.ts";
import { rules } from "./rules.ts";

export const agent: AgentModule<MaintObs> = { name: "maintenance", observe, detectors, rules, actions, jobs };
export type { MaintObs } from "./observe.ts";
