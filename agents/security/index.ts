// The security agent: watches listeners, credential files, SUID bits, secrets' modes and failed ssh
// logins. Credential changes go to a person; loose secrets are tightened alone; containment (stop a
// process, close a port, remove SUID, block an address) is proposed and waits for approval.
import type { AgentContext, AgentModule } from "../loop/types.ts";
import { actions } from "./actions.ts";
import { detectors, suidFindings } from "./detectors.ts";
import { observeSecurity, type SecurityObs } from "./observe.ts";
import { scanSuid } from "./perms.ts";
import { rules } from "./rules.ts";
import type { LogSource } from "./sshlog.ts";

export interface SecurityAgentOptions {
  /** Where dropbear's lines come from; by default the `ssh_log` setting (init's control socket). */
  logs?: LogSource;
}

/** The daily sweep walks the wider tree; its first run sets its own baseline, like every watch. */
function suidSweep(obs: SecurityObs, ctx: AgentContext) {
  const scan = scanSuid(ctx.root, obs.settings.suidSweepDirs, obs.settings.suidMaxEntries);
  const key = "baseline.suid_sweep";
  const base = ctx.memo.get<string[]>(key);
  if (base === undefined) { ctx.memo.set(key, scan.files.map((f) => f.path)); return []; }
  return suidFindings(scan.files, [...base, ...obs.baseline.suid]);
}

export function securityAgent(o: SecurityAgentOptions = {}): AgentModule<SecurityObs> {
  return {
    name: "security",
    observe: (ctx) => observeSecurity(ctx, o.logs),
    detectors,
    rules,
    actions,
    jobs: { "suid-sweep": suidSweep },
  };
}

export const agent = securityAgent();
export { acceptBaseline } from "./observe.ts";
