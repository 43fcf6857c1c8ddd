// Reads that only root can make (the firewall's ruleset, a disk's SMART data): the unprivileged host
// asks the executor, which runs them only if they match this allowlist of read-only commands. The same
// list decides on both sides, so the host never tries what the executor would refuse.
import { realRunner, type CommandResult, type Runner, type RunOptions } from "../../../runtime/proc/exec.ts";

const PRIVILEGED_READS: readonly RegExp[] = [
  /^nft (-j )?list ruleset$/,
  /^nft (-j )?list table (inet|ip|ip6) [a-z0-9_]{1,32}$/,
  /^smartctl --scan -j$/,
  /^ss -Htulnp$/,
  /^smartctl -H -A -j \/dev\/[a-z0-9]{1,16}$/,
];

export function isPrivilegedRead(argv: readonly string[]): boolean {
  const line = argv.join(" ");
  return argv.every((a) => !/\s/.test(a)) && PRIVILEGED_READS.some((re) => re.test(line));
}

/** The host's runner: privileged reads go to the executor, everything else runs here, unprivileged. */
export function relayRunner(relay: (argv: readonly string[], opts: RunOptions) => Promise<CommandResult>, local: Runner = realRunner): Runner {
  return { run: (argv, opts = {}) => (isPrivilegedRead(argv) ? relay(argv, opts) : local.run(argv, opts)) };
}
