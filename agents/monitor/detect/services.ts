// Service detectors over init's status: service.crashed (restarts went up since the monitor last saw
// it), service.failed (init gave up on it), service.flapping (too many restarts within flap_window_s,
// counted back through the history). Facts say whether it is running and whether the one restart after
// init gave up is already spent, which is what the rules decide on.
import type { Detector, Finding } from "../../loop/types.ts";
import type { MonitorObs, ServiceObs } from "../observation.ts";
import { readSettings } from "../settings.ts";

/** Init's states that mean running or on its way back up by itself. */
const RUNNING = new Set(["ready", "degraded", "starting", "waiting", "backoff"]);

const lastExit = (s: ServiceObs) => !s.lastExit ? "no exit recorded"
  : s.lastExit.signal ? `last killed by ${s.lastExit.signal}` : `last exited ${s.lastExit.code}`;

const evidence = (s: ServiceObs) => [
  `${s.name}: ${s.state}${s.reason ? ` (${s.reason})` : ""}, ${s.restarts} restarts, ${lastExit(s)}`,
  ...(s.lastFailure ? [`init's reason: ${s.lastFailure}`] : []),
  ...s.logTail.map((l) => `log: ${l}`),
];

const facts = (s: ServiceObs) => ({
  service: s.name, state: s.state, running: RUNNING.has(s.state), restarts: s.restarts,
  exit_code: s.lastExit?.code ?? null, exit_signal: s.lastExit?.signal ?? null, last_failure: s.lastFailure,
  restart_spent: s.restartSpent,
});

export const serviceCrashed: Detector<MonitorObs> = {
  name: "service-crashed",
  detect(obs) {
    return (obs.services ?? []).flatMap((s): Finding[] => {
      if (!s.seen || s.restarts <= s.seen.restarts || s.state === "failed") return [];
      const n = s.restarts - s.seen.restarts;
      return [{
        kind: "service.crashed", key: `service.crashed:${s.name}`, severity: "warning",
        summary: `service ${s.name} died and was restarted${n > 1 ? ` ${n} times` : ""} (${lastExit(s)}); now ${s.state}`,
        evidence: evidence(s), facts: { ...facts(s), new_restarts: n },
      }];
    });
  },
};

export const serviceFailed: Detector<MonitorObs> = {
  name: "service-failed",
  detect(obs) {
    return (obs.services ?? []).flatMap((s): Finding[] => {
      if (s.state !== "failed") return [];
      const tally = /died \d+ times in \d+ s/.test(s.lastFailure ?? s.reason ?? "");
      return [{
        kind: "service.failed", key: `service.failed:${s.name}`, severity: "critical",
        summary: `service ${s.name} failed: init gave up on it (${s.reason ?? lastExit(s)})`,
        evidence: evidence(s), facts: { ...facts(s), death_tally: tally, cannot_start: /^cannot start/.test(s.lastFailure ?? "") },
      }];
    });
  },
};

export const serviceFlapping: Detector<MonitorObs> = {
  name: "service-flapping",
  detect(obs, ctx) {
    const set = readSettings(ctx.settings);
    const from = obs.at - set.flap_window_s * 1000;
    return (obs.services ?? []).flatMap((s): Finding[] => {
      // The earliest reading of this service inside the window is the baseline.
      const base = ctx.history.find((h) => h.at >= from && h.services?.some((x) => x.name === s.name))?.services?.find((x) => x.name === s.name);
      const n = base ? s.restarts - base.restarts : 0;
      if (n < set.flap_restarts || s.state === "failed") return [];
      return [{
        kind: "service.flapping", key: `service.flapping:${s.name}`, severity: "warning",
        summary: `service ${s.name} restarted ${n} times in ${Math.round((obs.at - from) / 60_000)} min`,
        evidence: evidence(s), facts: { ...facts(s), restarts_in_window: n, window_s: set.flap_window_s },
      }];
    });
  },
};
