// Reactive rules, one set per finding kind: they cover every duty with no model. First match wins.
//
// service.failed, the one judgment call: init gives up either after its death tally (the service
// crashed N times in a row under the same conditions) or after a single death its restart policy does
// not retry (restart = "never"/"on-failure", a readiness timeout). A rule restarting after a death tally
// would only rerun init's experiment and undo its judgment, so that goes to a person, with the exit and
// last log lines as the diagnosis. A single death gets the one restart "after a crash" that normal mode
// runs by itself. Either way at most one: the memo marks it spent (restart_spent) and never gives it
// back until the service has stayed up for restart_reset_s.
import { always, type Choice } from "../loop/types.ts";
import type { Rule } from "../../runtime/models/reactive/reactive-model.ts";

type F = Record<string, unknown>;
const escalate = (reason: string | ((f: F) => string)) => (f: F): Choice => ({ action: "escalate", params: {}, reason: typeof reason === "string" ? reason : reason(f) });
const restart = (reason: string) => (f: F): Choice => ({ action: "restart", params: { service: f.service }, reason });

export const rules: Record<string, Rule[]> = {
  "cpu.hog": [
    always("propose-sigterm", (f) => ({ action: "terminate", params: { pid: f.pid },
      reason: `process ${f.pid} has held ${f.cpu_percent}% of a core for ${f.seconds} s; SIGTERM it (a person approves)` })),
  ],
  "state.degraded": [always("to-a-person", escalate((f) => `${f.reason}: the state disk or a database needs a person (status and the hint in aiosctl say what to do)`))],
  "memory.pressure": [always("to-a-person", escalate("memory is short; which process to stop is a person's call (top consumers in evidence)"))],
  "memory.oom_kill": [always("to-a-person", escalate("the kernel killed a process for memory; a person should see what and why (top consumers in evidence)"))],
  "disk.filling": [
    // The maintenance agent owns this finding (owner = "maintenance") and frees space; this set only
    // answers if the finding ever reaches the monitor's own decide step (maintenance not running).
    always("owner-absent", escalate((f) => `state disk forecast full in ${f.hours_to_full} h and the maintenance agent did not take it`)),
  ],
  "disk.health": [always("to-a-person", escalate("a disk reports failing health; back up and replace it: not something an agent can fix"))],
  "service.crashed": [
    always("init-brought-it-back", (f) => ({ action: "ignore", params: {}, reason: `init restarted ${f.service} and it is ${f.state}; service.flapping watches for repeats` }), (f) => f.running === true),
    // Init restarts what it still wants: a crashed service that is stopped was stopped on purpose.
    always("stopped-on-purpose", (f) => ({ action: "ignore", params: {}, reason: `${f.service} was stopped after the crash; a stop is not undone` }), (f) => f.state === "stopped" || f.state === "stopping"),
    always("restart-once", restart("it crashed and is down; one restart after a crash"), (f) => f.restart_spent !== true),
    always("spent", escalate("it crashed, is down, and its one restart is already spent")),
  ],
  "service.failed": [
    always("restart-spent", escalate("init gave up on it again after its one restart: init's judgment stands"), (f) => f.restart_spent === true),
    always("death-tally", escalate("init gave up after its death tally; restarting would undo that judgment (diagnosis in evidence)"), (f) => f.death_tally === true),
    always("cannot-start", escalate("init cannot even start it (missing program, bad user or tty): a restart changes nothing"), (f) => f.cannot_start === true),
    always("restart-once", restart("it died once and its restart policy did not retry; one restart after a crash")),
  ],
  "service.flapping": [always("to-a-person", escalate((f) => `${f.service} keeps restarting (${f.restarts_in_window} in ${f.window_s} s); restarting it again would not help`))],
};
