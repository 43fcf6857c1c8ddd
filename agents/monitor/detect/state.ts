// state.degraded: the appliance runs degraded (the state disk full or read-only, a database moved
// aside at boot): one incident per reason, for a person; the status line says the same thing.
import type { Detector } from "../../loop/types.ts";
import type { MonitorObs } from "../observation.ts";

export const stateDegraded: Detector<MonitorObs> = {
  name: "state-degraded",
  detect(obs) {
    return (obs.degraded ?? []).map((reason) => ({
      kind: "state.degraded", key: `state.degraded:${reason.split(":")[0]}`, severity: "critical" as const,
      summary: reason, evidence: [reason], facts: { reason },
    }));
  },
};
